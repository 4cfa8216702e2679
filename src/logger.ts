import { writeSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Writable } from 'node:stream';
import pino, { type DestinationStream, type Logger, type LoggerOptions } from 'pino';
import type PinoPretty from 'pino-pretty';
import { writeAroundPrompt } from './prompt-line.js';
import { createSecretScrubber } from './redact.js';

export type { Logger } from 'pino';

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** Object paths that hold credentials whatever their value; censored before serialisation. */
const REDACT_PATHS = [
  'token',
  'botToken',
  'appToken',
  'signingSecret',
  'apiKey',
  'password',
  'authorization',
  '*.token',
  '*.botToken',
  '*.appToken',
  '*.signingSecret',
  '*.apiKey',
  '*.password',
  '*.authorization',
  'headers.authorization',
  'headers["x-slack-signature"]',
  'headers["ocp-apim-subscription-key"]',
  '*.headers.authorization',
  '*.headers["ocp-apim-subscription-key"]',
];

export interface LoggerSettings {
  level: LogLevel;
  /** Every secret value known to the process; no log line will contain one. */
  secrets: Iterable<string | undefined>;
  /** Defaults to stderr, so stdout carries only product output (alerts, replies, manifests). */
  destination?: DestinationStream;
  /** Human-readable lines; defaults to true when stderr is a terminal. */
  pretty?: boolean;
}

export function createLogger(settings: LoggerSettings): Logger {
  const scrub = createSecretScrubber(settings.secrets);
  const options: LoggerOptions = {
    level: settings.level,
    base: { app: 'ree-watch' },
    redact: { paths: REDACT_PATHS, censor: '[REDACTED]' },
    hooks: { streamWrite: scrub },
    timestamp: pino.stdTimeFunctions.isoTime,
  };
  const wantPretty = settings.pretty ?? (settings.destination === undefined && process.stderr.isTTY === true);
  if (wantPretty) {
    // Loaded only for a terminal: a service logging JSON never pays for it at start-up.
    const pretty = createRequire(import.meta.url)('pino-pretty') as typeof PinoPretty;
    const destination = settings.destination;
    // A terminal line at a time, around the console's prompt (if one is showing) so lines never mix.
    const terminal = new Writable({
      write(chunk: Buffer, _encoding, done) {
        writeAroundPrompt(() => (destination ? destination.write(chunk.toString()) : writeSync(2, chunk)));
        done();
      },
    });
    const stream = pretty({
      destination: terminal,
      colorize: true,
      ignore: 'pid,hostname,app',
      translateTime: 'SYS:HH:MM:ss',
    });
    return pino(options, stream);
  }
  return pino(options, settings.destination ?? pino.destination({ dest: 2, sync: true }));
}

/** A logger that drops everything; for tests and library code that was handed none. */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
