import { type Logger as BoltLogger, LogLevel } from '@slack/bolt';
import type { Logger } from '../../src/logger.js';

const TO_BOLT: Record<string, LogLevel> = {
  trace: LogLevel.DEBUG,
  debug: LogLevel.DEBUG,
  info: LogLevel.INFO,
  warn: LogLevel.WARN,
  error: LogLevel.ERROR,
  fatal: LogLevel.ERROR,
  silent: LogLevel.ERROR,
};

// Bolt and Socket Mode log whole payloads at debug level. Those carry Slack's legacy verification
// token and the response_url (which lets anyone post into the channel for 30 minutes): mask both.
// Configured secrets are scrubbed from every line by src/logger.ts anyway.
const PAYLOAD_SECRETS =
  /("(?:token|response_url)"\s*:\s*")[^"]*(")|((?:^|[?&\s])(?:token|response_url)=)[^&\s]*/g;

export function maskPayloadSecrets(text: string): string {
  return text.replace(PAYLOAD_SECRETS, (_match, jsonKey, jsonEnd, formKey) =>
    jsonKey ? `${jsonKey}[REDACTED]${jsonEnd}` : `${formKey}[REDACTED]`,
  );
}

const render = (parts: unknown[]): string =>
  maskPayloadSecrets(
    parts
      .map((part) =>
        part instanceof Error ? part.message : typeof part === 'string' ? part : safeJson(part),
      )
      .join(' '),
  );

function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

/**
 * Bolt's logger interface on top of ree-watch's logger, so Bolt, the Web API client and Socket Mode
 * write scrubbed JSON lines like the rest of the service. The level follows LOG_LEVEL; Bolt's own
 * setLevel calls are ignored.
 */
export function boltLogger(logger: Logger): BoltLogger {
  const child = logger.child({ component: 'slack' });
  return {
    debug: (...parts: unknown[]) => child.debug(render(parts)),
    info: (...parts: unknown[]) => child.info(render(parts)),
    // Bolt warns and errors about things we already report with context; keep its own at their level.
    warn: (...parts: unknown[]) => child.warn(render(parts)),
    error: (...parts: unknown[]) => child.error(render(parts)),
    setLevel: () => {},
    getLevel: () => TO_BOLT[child.level] ?? LogLevel.INFO,
    setName: () => {},
  };
}
