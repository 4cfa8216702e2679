import { DiscordAPIError, HTTPError, RateLimitError } from 'discord.js';
import { ConfigError } from '../../src/config.js';
import { inviteUrl } from './register-commands.js';

/** Why registering commands failed, as one line a person can act on (ConfigError → exit 2). */
export function explainRegistrationError(
  error: unknown,
  where: { guildId: string | undefined; applicationId: string },
): Error {
  if (error instanceof RateLimitError)
    return new Error(
      `Discord is rate-limiting command registration; try again in ${Math.ceil(error.retryAfter / 1000)} s`,
    );
  if (error instanceof DiscordAPIError) {
    if (error.status === 401)
      return new ConfigError([
        {
          key: 'DISCORD_TOKEN',
          message:
            'was rejected by Discord (401 Unauthorized); copy a fresh token from the Developer Portal (Bot → Reset Token)',
        },
      ]);
    if (error.code === 10002 || (error.status === 404 && !where.guildId))
      return new ConfigError([
        {
          key: 'DISCORD_APPLICATION_ID',
          message: `"${where.applicationId}" is not this bot's application (Discord: Unknown Application); copy it from General Information`,
        },
      ]);
    if (where.guildId && (error.code === 50001 || error.code === 10004 || error.status === 403))
      return new Error(
        `the bot cannot register commands in server ${where.guildId}: it is not in that server, or was invited without ` +
          `the applications.commands scope. Invite it with ${inviteUrl(where.applicationId)}`,
      );
    return new Error(
      `Discord refused the commands: ${error.message} (HTTP ${error.status}, code ${error.code})`,
    );
  }
  if (error instanceof HTTPError)
    return new Error(`Discord is unavailable (HTTP ${error.status}); try again later`);
  const cause = (error as { cause?: { code?: unknown } } | undefined)?.cause?.code;
  const message = error instanceof Error ? error.message : String(error);
  return new Error(`could not reach Discord (${typeof cause === 'string' ? cause : message})`);
}
