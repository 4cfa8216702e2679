import type { ChatAdapterProvider } from '../provider.js';

/** Slack, enabled by SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET (config.ts checks they come together). */
export const slackProvider: ChatAdapterProvider = {
  platform: 'slack',
  configKeys: ['SLACK_BOT_TOKEN', 'SLACK_SIGNING_SECRET'],
  enabled: (config) => config.slack !== undefined,
  async create(deps) {
    const { config } = deps;
    if (!config.slack)
      throw new Error('Slack is not configured: set SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET');
    // Loaded only when configured: Bolt is large and start-up time is benchmarked.
    const { SlackAdapter } = await import('./slack-adapter.js');
    return new SlackAdapter({
      config: config.slack,
      logger: deps.logger,
      clock: deps.clock,
      onCommand: deps.onCommand,
      onTokenRefused: deps.onTokenRefused,
      // Output-only (a one-shot poll): no /slack/events route, no Socket Mode connection.
      commands: deps.interactive && deps.http ? { http: deps.http } : undefined,
    });
  },
};
