/** Chat platforms, channels and what the service sends them: the nouns adapters and the pipeline share. */

export type Platform = 'slack' | 'discord' | 'console';

/** A JSON-serialisable request body for one platform API call; stored in the outbox as is. */
export type OutgoingPayload = Record<string, unknown>;

/** How one delivery attempt ended; the outbox sender, not the adapter, decides what to do next. */
export type SendResult =
  | { ok: true; externalId?: string }
  | { ok: false; kind: 'rate-limited'; retryAfterMs: number; error: string }
  | { ok: false; kind: 'transient'; error: string }
  | {
      ok: false;
      kind: 'permanent';
      error: string;
      /**
       * Only this message can never be sent (e.g. a chart the bot may not attach); the channel stays
       * ok and its other messages go on. By default a permanent error flags the channel failing.
       */
      onlyThisMessage?: boolean;
    };

/** What the sender knows about a message beyond its payload. */
export interface SendOptions {
  /**
   * Stable for this outbox row across retries (at most ~60 characters). A platform that can
   * de-duplicate (Discord's `nonce` with `enforce_nonce`, up to 25 characters: hash it) may use it, so a
   * retry after a timeout that did reach the server does not post twice.
   */
  idempotencyKey: string;
}

/** A slash command as it reached an adapter, before the registry parses it. */
export interface CommandInvocation {
  platform: Platform;
  channelId: string;
  userId: string;
  userName?: string;
  /** Workspace or guild id, where the platform has one. */
  teamId?: string;
  /** Free text after `/ree` (Slack, console), or the subcommand and typed options (Discord). */
  input:
    | { text: string }
    | { command: string; options: Record<string, string | number | boolean | undefined> };
  /** Whether the platform says this user may manage the channel (Discord: Manage Channels). */
  canManageChannel: boolean;
  /** The member's roles, where the platform has them (Discord), for DISCORD_ADMIN_ROLE_IDS. */
  roleIds?: readonly string[];
}

/** One channel on one platform. */
export interface ChannelRef {
  platform: Platform;
  channel: string;
}

/** A channel following a watchlist. */
export interface Subscription extends ChannelRef {
  watchlist: string;
  createdBy: string | null;
  createdAt: number;
}

/** Whether a channel can still be delivered to, since when, and why not. */
export interface ChannelHealth extends ChannelRef {
  status: 'ok' | 'failing';
  reason: string | null;
  since: number;
}

/** A watchlist a channel muted until a time. */
export interface Mute extends ChannelRef {
  watchlist: string;
  until: number;
  createdBy: string | null;
  createdAt: number;
}

/**
 * Whether a chat platform's service is reachable and takes the token, as /healthz reports it. A token
 * refused at start stops the service (exit 2); one refused later is reported here too.
 */
export interface ChatConnection {
  platform: Platform;
  state: 'connecting' | 'connected' | 'unreachable' | 'refused';
  /** Why, in words, when not connected. */
  detail?: string;
  since: number;
}
