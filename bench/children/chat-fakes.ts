// The loopback Slack and Discord of the fan-out benchmark, in their own process (as the platforms
// are elsewhere), enforcing the rate limits given in the environment and answering 429 over them.
import { FakeDiscordServer, FakeSlackServer, type RateWindow } from '../lib/fakes.js';
import { reply, serve } from './ipc.js';

const limits = JSON.parse(process.env.LIMITS ?? '{}') as {
  slack: { perChannel: RateWindow; workspace: RateWindow };
  discord: { global: RateWindow; perChannel: RateWindow };
};
const slack = await FakeSlackServer.start({ rateLimits: limits.slack });
const discord = await FakeDiscordServer.start(undefined, { rateLimits: limits.discord });

/** Messages per channel, first and last acceptance: what a user in those channels would have seen. */
function summary(accepted: { channel: string; at: number }[], attempts: number, rateLimited: number) {
  const perChannel = new Map<string, number>();
  for (const { channel } of accepted) perChannel.set(channel, (perChannel.get(channel) ?? 0) + 1);
  return {
    accepted: accepted.length,
    channels: perChannel.size,
    perChannel: Object.fromEntries(perChannel),
    firstAt: accepted[0]?.at ?? null,
    lastAt: accepted.at(-1)?.at ?? null,
    attempts,
    rateLimited,
  };
}

serve({
  stats: async () => ({
    type: 'stats',
    slack: summary(
      slack.posts,
      slack.calls.filter((call) => call.method === 'chat.postMessage').length,
      slack.rateLimitedPosts,
    ),
    discord: summary(
      discord.created,
      discord.requests.filter(
        (request) => request.method === 'POST' && /^\/channels\/\d+\/messages$/.test(request.path),
      ).length,
      discord.rateLimited,
    ),
  }),
  stop: async () => {
    await slack.close();
    await discord.close();
    process.exit(0);
  },
});
reply({
  type: 'ready',
  slackApiUrl: slack.apiUrl,
  discordApiUrl: discord.apiUrl,
  discordToken: discord.token,
});
