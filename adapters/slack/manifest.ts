import { SLACK_EVENTS_PATH } from './events-receiver.js';
import { SLASH_COMMAND } from './slash-command.js';

/**
 * The bot scopes ree-watch uses, and why; nothing else is requested. (Socket Mode's app-level token
 * needs `connections:write`, which is chosen when the token is generated, not in the manifest.)
 */
export const BOT_SCOPES = {
  'chat:write': 'chat.postMessage: posting alert digests to subscribed channels',
  commands: 'the /ree slash command',
  'files:write':
    'files.getUploadURLExternal and files.completeUploadExternal: charts (/ree chart, and with drop alerts)',
} as const;

export interface ManifestOptions {
  /** Public base URL of the service (HTTP mode), e.g. https://ree.example.org; a placeholder if omitted. */
  url?: string;
  socketMode?: boolean;
  /** Names of the /ree subcommands, for the usage hint. */
  subcommands: readonly string[];
}

/** A Slack app manifest (docs.slack.dev/reference/app-manifest) for creating the app in one paste. */
export function slackManifest(options: ManifestOptions): Record<string, unknown> {
  const requestUrl = `${(options.url ?? 'https://YOUR-PUBLIC-HOST').replace(/\/+$/, '')}${SLACK_EVENTS_PATH}`;
  const command: Record<string, unknown> = {
    command: SLASH_COMMAND,
    description: 'Rare-earth trade data, export-control notices and alert subscriptions',
    usage_hint: truncate(options.subcommands.join(' | '), 1000),
    should_escape: false,
  };
  if (!options.socketMode) command.url = requestUrl;
  return {
    _metadata: { major_version: 1, minor_version: 1 },
    display_information: {
      name: 'ree-watch',
      description: 'Alerts on rare-earth trade drops and export-licensing notices',
      background_color: '#1d4ed8',
    },
    features: {
      bot_user: { display_name: 'ree-watch', always_online: true },
      slash_commands: [command],
    },
    oauth_config: { scopes: { bot: Object.keys(BOT_SCOPES) } },
    settings: {
      org_deploy_enabled: false,
      socket_mode_enabled: options.socketMode === true,
      token_rotation_enabled: false,
    },
  };
}

const truncate = (text: string, max: number) => (text.length <= max ? text : `${text.slice(0, max - 1)}…`);
