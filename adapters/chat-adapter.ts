import type { UsageSyntax } from '../src/commands/usage.js';
import type {
  ChatConnection,
  CommandInvocation,
  OutgoingPayload,
  Platform,
  SendOptions,
  SendResult,
} from '../src/model/chat.js';
import type { AlertDigest } from '../src/render/alert-digest.js';
import type { Reply } from '../src/render/reply.js';

/** Answers a command; `syntax` is how the asking platform writes commands (free text when omitted). */
export type CommandHandler = (invocation: CommandInvocation, syntax?: UsageSyntax) => Promise<Reply>;

/** Every chat platform implements this; Hubot-style, with a console adapter for terminals. */
export interface ChatAdapter {
  readonly platform: Platform;
  /** Whether alerts to this platform carry chart images (`AlertDigest.charts`); default no. */
  readonly postsImages?: boolean;
  /**
   * Connects. Rejects with a ConfigError when the platform refuses the token; when its service cannot
   * be reached, resolves anyway and keeps trying in the background (`connection()` says how it goes).
   */
  start(): Promise<void>;
  /** How the platform connection stands, for /healthz; absent where there is none (the console). */
  connection?(): ChatConnection;
  stop(): Promise<void>;
  /**
   * Renders a digest into payloads, each within the platform's limits and each one API call (a chart
   * upload counts as one); one outbox row per payload, sent in order.
   */
  renderDigest(digest: AlertDigest): OutgoingPayload[];
  /** One API call. Never retries: the outbox sender owns retries, backoff and rate limits. */
  send(channel: string, payload: OutgoingPayload, options?: SendOptions): Promise<SendResult>;
}
