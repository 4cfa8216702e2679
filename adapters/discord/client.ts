import { Client, Events, GatewayIntentBits, REST, RESTEvents, type RESTOptions } from 'discord.js';
import type { DiscordConfig } from '../../src/config.js';
import type { Logger } from '../../src/logger.js';
import type { Metrics } from '../../src/metrics.js';
import { describeError } from './errors.js';

/** How long one REST request may take before it is aborted (the library's default is 15 s). */
export const REQUEST_TIMEOUT_MS = 10_000;

/**
 * REST settings shared by the bot and the CLI. The outbox sender owns retries, so the library makes
 * one attempt: no 5xx retries, and a 429 (or a bucket known to be empty) on channel routes throws a
 * RateLimitError instead of waiting — by default @discordjs/rest would wait and retry forever.
 */
export function restOptions(config: DiscordConfig, timeoutMs = REQUEST_TIMEOUT_MS): Partial<RESTOptions> {
  return {
    // '…/api' with no version and no trailing slash: the library appends '/v10/…'.
    api: config.apiUrl,
    version: '10',
    retries: 0,
    timeout: timeoutMs,
    rejectOnRateLimit: ['/channels', '/applications'],
    // Warn every 500 invalid (401/403/429) requests; Discord bans at 10,000 per 10 minutes.
    invalidRequestWarningInterval: 500,
    // Node's fetch, not the library's bundled undici 6 `request`: the first undici loaded becomes the
    // process's global dispatcher, and when that is the sources' undici 7 (`ree-watch poll` polls before
    // it delivers) it cannot send undici 6's multipart bodies: every message with a file (a chart)
    // failed with "action is not a function". fetch serialises the form itself.
    makeRequest: (url, init) => fetch(url, init as RequestInit),
  };
}

/** A bare REST client for channel messages and command registration; needs no gateway connection. */
export function createRest(config: DiscordConfig, logger?: Logger, timeoutMs?: number): REST {
  const rest = new REST(restOptions(config, timeoutMs)).setToken(config.token);
  if (logger) watchRest(rest, logger);
  return rest;
}

/** The gateway bot: Guilds intent only (no privileged intents), and nothing it sends can mention anyone. */
export function createClient(config: DiscordConfig, logger: Logger): Client {
  const client = new Client({
    intents: [GatewayIntentBits.Guilds],
    rest: restOptions(config),
    allowedMentions: { parse: [] },
  });
  watchRest(client.rest, logger);
  return client;
}

function watchRest(rest: REST, logger: Logger): void {
  rest.on(RESTEvents.InvalidRequestWarning, (info) => {
    logger.warn(
      { invalidRequests: info.count, resetInMs: info.remainingTime },
      'many Discord requests were refused (401/403/429) in the last 10 minutes; Discord bans at 10,000',
    );
  });
  rest.on(RESTEvents.RateLimited, (info) => {
    logger.debug(
      { route: info.route, retryAfterMs: info.retryAfter, global: info.global },
      'Discord rate limit',
    );
  });
}

/** Close codes after which discord.js gives up, with what the person running ree-watch can do. */
const FATAL_CLOSE: Record<number, string> = {
  4004: 'Discord rejected DISCORD_TOKEN; copy a fresh token from the Developer Portal (Bot → Reset Token)',
  4010: 'invalid shard sent to the gateway',
  4011: 'the bot is in too many servers for one connection (sharding required)',
  4012: 'invalid gateway API version',
  4013: 'invalid gateway intents',
  4014: 'disallowed gateway intents',
};

/**
 * Logs the gateway's life (connect, reconnect, resume) at info and keeps the
 * `ree_discord_gateway_connected` gauge true to it. Reconnecting and resuming are discord.js's job.
 */
export function watchGateway(
  client: Client,
  logger: Logger,
  metrics: Metrics,
  stopping: () => boolean,
): void {
  client.on(Events.ShardReady, (shard) => {
    metrics.gatewayConnected.set(1);
    logger.info(
      { shard, botUser: client.user?.id, botName: client.user?.username },
      'Discord gateway connected',
    );
  });
  client.on(Events.ShardResume, (shard, replayedEvents) => {
    metrics.gatewayConnected.set(1);
    logger.info({ shard, replayedEvents }, 'Discord gateway resumed');
  });
  client.on(Events.ShardReconnecting, (shard) => {
    metrics.gatewayConnected.set(0);
    // Our own shutdown closes the connection too; that is not a reconnect.
    if (!stopping()) logger.info({ shard }, 'Discord gateway connection closed; reconnecting');
  });
  client.on(Events.ShardDisconnect, (event, shard) => {
    metrics.gatewayConnected.set(0);
    const advice = FATAL_CLOSE[event.code];
    if (advice) logger.error({ shard, code: event.code }, `Discord gateway closed for good: ${advice}`);
    else logger.info({ shard, code: event.code }, 'Discord gateway disconnected');
  });
  client.on(Events.ShardError, (error, shard) => {
    logger.warn({ shard, error: describeError(error) }, 'Discord gateway connection error');
  });
  client.on(Events.Warn, (message) => logger.warn({ detail: message }, 'discord.js warning'));
  // Without a listener an 'error' event would throw and stop the process.
  client.on(Events.Error, (error) => logger.warn({ error: describeError(error) }, 'discord.js error'));
}
