import { hostname } from 'node:os';
import cron from 'node-cron';
import { z } from 'zod';
import { parseDuration } from './duration.js';
import { LOG_LEVELS, type LogLevel } from './logger.js';
import { createSecretScrubber, credentialsIn } from './redact.js';

/** One environment key: how to read it, its default, and the words a user sees when it is wrong. */
interface KeySpec {
  default?: string;
  /** What is allowed, in words; printed after "expected". */
  allowed: string;
  describe: string;
  secret?: boolean;
  schema: z.ZodType;
}

const text = z.string().min(1);
const httpUrl = z.url({ protocol: /^https?$/ });
const port = z.coerce.number().int().min(0).max(65535);
const cronExpression = z.string().refine((value) => cron.validate(value));
const duration = z.string().refine((value) => parseDuration(value) !== undefined);
const idList = z.string().regex(/^[\w-]+(\s*,\s*[\w-]+)*$/);
const bool = z.enum(['true', 'false', '1', '0', 'yes', 'no']);
const snowflake = z.string().regex(/^\d{15,22}$/);
const timezone = z.string().refine((value) => {
  try {
    new Intl.DateTimeFormat('en', { timeZone: value });
    return true;
  } catch {
    return false;
  }
});

/** Every environment key ree-watch reads. `.env.example` and the README document exactly these. */
export const CONFIG_KEYS = {
  DATABASE_PATH: {
    default: './data/ree-watch.db',
    allowed: 'a file path',
    describe: 'SQLite database file (WAL mode), the embedded default; its folder is created on first run',
    schema: text,
  },
  DATABASE_URL: {
    allowed: 'a postgres:// or postgresql:// URL, e.g. postgres://ree:password@db.internal:5432/reewatch',
    describe: 'PostgreSQL instead of the SQLite file, for more than one replica (not with DATABASE_PATH)',
    secret: true,
    schema: z.url({ protocol: /^postgres(ql)?$/ }),
  },
  DATABASE_POOL_SIZE: {
    default: '10',
    allowed: 'an integer from 1 to 100',
    describe: 'PostgreSQL connections each ree-watch process may open',
    schema: z.coerce.number().int().min(1).max(100),
  },
  WATCHLISTS_FILE: {
    default: 'config/watchlists.yaml',
    allowed: 'a file path',
    describe: 'watchlist definitions (YAML)',
    schema: text,
  },
  HOST: {
    default: '0.0.0.0',
    allowed: 'an interface address such as 127.0.0.1 or 0.0.0.0',
    describe: 'address the HTTP server listens on',
    schema: text,
  },
  PORT: {
    default: '3000',
    allowed: 'an integer from 0 to 65535 (0 picks a free port)',
    describe: 'HTTP server: /slack/events, /discord/interactions, /healthz, /metrics',
    schema: port,
  },
  POLL_CRON: {
    default: '0 */6 * * *',
    allowed: 'a cron expression such as "0 */6 * * *"',
    describe: 'schedule of the trade-data poll cycle',
    schema: cronExpression,
  },
  NOTICE_POLL_CRON: {
    default: '0 * * * *',
    allowed: 'a cron expression such as "0 * * * *"',
    describe: 'schedule of the policy-notice poll cycle',
    schema: cronExpression,
  },
  CRON_TIMEZONE: {
    default: 'UTC',
    allowed: 'an IANA time zone such as UTC or Asia/Kolkata',
    describe: 'time zone the cron schedules are read in',
    schema: timezone,
  },
  REPLICA_ID: {
    allowed: 'letters, digits, ".", "_", ":" or "-", at most 64',
    describe:
      'names this process among replicas sharing one database, in logs, /metrics, /healthz and /ree status (default hostname-pid)',
    schema: z.string().regex(/^[\w.:-]{1,64}$/),
  },
  LOG_LEVEL: {
    default: 'info',
    allowed: LOG_LEVELS.join(', '),
    describe: 'pino log level',
    schema: z.enum(LOG_LEVELS),
  },
  OUTBOX_MAX_AGE: {
    default: '24h',
    allowed: 'a duration such as 30m, 24h or 2d',
    describe: 'how long an undeliverable alert is retried before it is given up',
    schema: duration,
  },
  OUTBOX_RETENTION: {
    default: '90d',
    allowed: 'a duration such as 30d or 365d',
    describe:
      'how long delivered, failed and expired messages are kept for /ree status before they are deleted',
    schema: duration,
  },
  SLACK_ADMIN_USER_IDS: {
    allowed: 'a comma-separated list of Slack user ids such as U0123ABCD',
    describe:
      'when set, only these Slack users may change subscriptions and mutes (in any channel); unset, any member of a channel may change that channel',
    schema: idList,
  },
  DISCORD_ADMIN_ROLE_IDS: {
    allowed: 'a comma-separated list of Discord role ids (15 to 22 digit snowflakes)',
    describe:
      'members holding one of these roles may change subscriptions and mutes, as well as those with Manage Channels in the channel',
    schema: z.string().regex(/^\d{15,22}(\s*,\s*\d{15,22})*$/),
  },
  ADMIN_USER_IDS: {
    allowed: 'a comma-separated list of user ids',
    describe: 'deprecated: read as SLACK_ADMIN_USER_IDS when that is unset (it no longer restricts Discord)',
    schema: idList,
  },
  ALLOW_PRIVATE_URLS: {
    default: 'false',
    allowed: 'true or false',
    describe: 'allow watchlist feed URLs on loopback or private networks',
    schema: bool,
  },
  SLACK_BOT_TOKEN: {
    allowed: 'a Slack bot token starting with "xoxb-"',
    describe: 'enables Slack (with SLACK_SIGNING_SECRET)',
    secret: true,
    schema: z.string().startsWith('xoxb-'),
  },
  SLACK_SIGNING_SECRET: {
    allowed: "the signing secret from the Slack app's Basic Information page",
    describe: 'verifies requests from Slack',
    secret: true,
    schema: z.string().regex(/^\S{16,}$/),
  },
  SLACK_APP_TOKEN: {
    allowed: 'a Slack app-level token starting with "xapp-"',
    describe: 'use Socket Mode instead of HTTP (no public URL needed)',
    secret: true,
    schema: z.string().startsWith('xapp-'),
  },
  SLACK_API_URL: {
    default: 'https://slack.com/api/',
    allowed: 'an http(s) URL',
    describe: 'base URL of the Slack Web API',
    schema: httpUrl,
  },
  SLACK_ALLOWED_TEAM_IDS: {
    allowed: 'a comma-separated list of Slack team ids such as T0123ABCD',
    describe: 'when set, requests from other workspaces are refused',
    schema: idList,
  },
  DISCORD_TOKEN: {
    allowed: 'a Discord bot token',
    describe: 'enables Discord (with DISCORD_APPLICATION_ID)',
    secret: true,
    schema: z.string().min(20),
  },
  DISCORD_APPLICATION_ID: {
    allowed: 'a Discord application id (a 15 to 22 digit snowflake)',
    describe: 'the Discord application the bot belongs to',
    schema: snowflake,
  },
  DISCORD_GUILD_ID: {
    allowed: 'a Discord server id (a 15 to 22 digit snowflake)',
    describe: 'register commands in one server (instant) instead of globally',
    schema: snowflake,
  },
  DISCORD_PUBLIC_KEY: {
    allowed: "the application's public key: 64 hex characters (General Information → Public Key)",
    describe:
      'answer interactions over HTTP (POST /discord/interactions, Ed25519-signed) instead of the gateway, so any replica can answer',
    schema: z.string().regex(/^[0-9a-fA-F]{64}$/),
  },
  DISCORD_API_URL: {
    default: 'https://discord.com/api',
    allowed: 'an http(s) URL',
    describe: 'base URL of the Discord REST API',
    schema: httpUrl,
  },
  COMTRADE_API_URL: {
    default: 'https://comtradeapi.un.org',
    allowed: 'an http(s) URL',
    describe: 'UN Comtrade API',
    schema: httpUrl,
  },
  COMTRADE_API_KEY: {
    allowed: 'a Comtrade subscription key',
    describe:
      'uses the keyed data API (12 months a request, 500 requests a day) instead of the public preview (one month a request)',
    secret: true,
    schema: text,
  },
  CENSUS_API_URL: {
    default: 'https://api.census.gov',
    allowed: 'an http(s) URL',
    describe: 'US Census international trade API',
    schema: httpUrl,
  },
  CENSUS_API_KEY: {
    allowed: 'a Census API key',
    describe:
      'required by Census watchlists: the API answers no request without a key since 2026-05-12 (free at https://api.census.gov/data/key_signup.html)',
    secret: true,
    schema: text,
  },
  FEDERAL_REGISTER_API_URL: {
    default: 'https://www.federalregister.gov',
    allowed: 'an http(s) URL',
    describe: 'US Federal Register API',
    schema: httpUrl,
  },
  MOFCOM_URL: {
    default: 'https://www.mofcom.gov.cn',
    allowed: 'an http(s) URL',
    describe: 'China MOFCOM announcement lists',
    schema: httpUrl,
  },
  MOFCOM_EN_URL: {
    default: 'https://english.mofcom.gov.cn',
    allowed: 'an http(s) URL',
    describe: 'China MOFCOM English "Announcements and Orders" list',
    schema: httpUrl,
  },
  DGFT_URL: {
    default: 'https://www.dgft.gov.in',
    allowed: 'an http(s) URL',
    describe: 'India DGFT notice tables',
    schema: httpUrl,
  },
} satisfies Record<string, KeySpec>;

export type ConfigKey = keyof typeof CONFIG_KEYS;

/** The base URL of every polled source: tests and benchmarks point them all at loopback. */
export const SOURCE_URL_KEYS = [
  'COMTRADE_API_URL',
  'CENSUS_API_URL',
  'FEDERAL_REGISTER_API_URL',
  'MOFCOM_URL',
  'MOFCOM_EN_URL',
  'DGFT_URL',
] as const satisfies readonly ConfigKey[];

export interface SlackConfig {
  botToken: string;
  signingSecret: string;
  appToken: string | undefined;
  apiUrl: string;
  allowedTeamIds: string[];
}

export interface DiscordConfig {
  token: string;
  applicationId: string;
  guildId: string | undefined;
  apiUrl: string;
  /** Set: interactions arrive over HTTP (`/discord/interactions`) and no gateway is opened. */
  publicKey?: string | undefined;
}

export interface Config {
  /** The SQLite file; unused when `databaseUrl` is set. */
  databasePath: string;
  /** PostgreSQL, when DATABASE_URL is set. */
  databaseUrl: string | undefined;
  databasePoolSize: number;
  /** This process among the replicas sharing the database: REPLICA_ID, else hostname-pid. */
  replicaId: string;
  watchlistsFile: string;
  host: string;
  port: number;
  pollCron: string;
  noticePollCron: string;
  cronTimezone: string;
  logLevel: LogLevel;
  outboxMaxAgeMs: number;
  outboxRetentionMs: number;
  /** Who may change what a channel receives, per platform. */
  admins: { slackUserIds: string[]; discordRoleIds: string[] };
  allowPrivateUrls: boolean;
  slack: SlackConfig | undefined;
  discord: DiscordConfig | undefined;
  sources: {
    comtrade: { apiUrl: string; apiKey: string | undefined };
    census: { apiUrl: string; apiKey: string | undefined };
    federalRegister: { apiUrl: string };
    mofcom: { url: string; englishUrl: string };
    dgft: { url: string };
  };
  /** Every secret value set, so the logger can scrub them from any line. */
  secrets: string[];
  /** Settings that still work but should be renamed: said once at start and by check-config. */
  deprecations: string[];
}

/** A problem a user can fix: one key, one readable line. */
export interface ConfigProblem {
  key: string;
  message: string;
}

export class ConfigError extends Error {
  constructor(readonly problems: ConfigProblem[]) {
    super(problems.map((problem) => `${problem.key}: ${problem.message}`).join('\n'));
    this.name = 'ConfigError';
  }
}

export type Env = Record<string, string | undefined>;

function readKey(env: Env, key: ConfigKey): { value: string | undefined; problem?: ConfigProblem } {
  const spec: KeySpec = CONFIG_KEYS[key];
  const raw = env[key]?.trim();
  const value = raw === undefined || raw === '' ? spec.default : raw;
  if (value === undefined) return { value: undefined };
  if (spec.schema.safeParse(value).success) return { value };
  // A secret pasted into the wrong key is still a secret: scrubbed before the value is cut short.
  const visible = createSecretScrubber(secretsIn(env))(value);
  const shown = spec.secret
    ? 'the value set'
    : visibleValue(visible.length > 60 ? `${visible.slice(0, 57)}...` : visible);
  const fallback = spec.default === undefined ? '' : ` (default ${spec.default})`;
  return {
    value: undefined,
    problem: { key, message: `${shown} is not valid; expected ${spec.allowed}${fallback}` },
  };
}

/**
 * A refused value quoted for the problem line: JSON escapes line breaks and C0 controls; direction
 * overrides and C1 controls are escaped too, so the line reads as typed on any terminal.
 */
const visibleValue = (value: string): string =>
  JSON.stringify(value).replace(
    /[\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g,
    (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );

const list = (value: string | undefined): string[] =>
  value
    ? value
        .split(',')
        .map((item) => item.trim())
        .filter(Boolean)
    : [];

/** Parses the environment into a typed Config, or throws ConfigError with one line per bad key. */
export function loadConfig(env: Env = process.env): Config {
  const problems: ConfigProblem[] = [];
  const values = {} as Record<ConfigKey, string | undefined>;
  for (const key of Object.keys(CONFIG_KEYS) as ConfigKey[]) {
    const { value, problem } = readKey(env, key);
    values[key] = value;
    if (problem) problems.push(problem);
  }
  const invalid = new Set(problems.map((problem) => problem.key));
  const need = (key: ConfigKey, because: string) => {
    if (values[key] === undefined && !invalid.has(key))
      problems.push({ key, message: `is required ${because}` });
  };
  if (values.SLACK_BOT_TOKEN || values.SLACK_APP_TOKEN || values.SLACK_SIGNING_SECRET) {
    need('SLACK_BOT_TOKEN', 'to use Slack (the "Bot User OAuth Token", xoxb-…)');
    need('SLACK_SIGNING_SECRET', 'to use Slack (Basic Information → Signing Secret)');
  }
  if (values.DISCORD_TOKEN || values.DISCORD_APPLICATION_ID || values.DISCORD_PUBLIC_KEY) {
    need('DISCORD_TOKEN', 'to use Discord (Bot → Token)');
    need('DISCORD_APPLICATION_ID', 'to use Discord (General Information → Application ID)');
  }
  if (env.DATABASE_PATH?.trim() && values.DATABASE_URL)
    problems.push({
      key: 'DATABASE_URL',
      message:
        'and DATABASE_PATH are both set: choose one (DATABASE_URL for PostgreSQL, DATABASE_PATH for the SQLite file)',
    });
  if (problems.length > 0) throw new ConfigError(problems);

  const v = values as Record<ConfigKey, string>;
  const slack: SlackConfig | undefined = values.SLACK_BOT_TOKEN
    ? {
        botToken: v.SLACK_BOT_TOKEN,
        signingSecret: v.SLACK_SIGNING_SECRET,
        appToken: values.SLACK_APP_TOKEN,
        apiUrl: v.SLACK_API_URL.endsWith('/') ? v.SLACK_API_URL : `${v.SLACK_API_URL}/`,
        allowedTeamIds: list(values.SLACK_ALLOWED_TEAM_IDS),
      }
    : undefined;
  const discord: DiscordConfig | undefined = values.DISCORD_TOKEN
    ? {
        token: v.DISCORD_TOKEN,
        applicationId: v.DISCORD_APPLICATION_ID,
        guildId: values.DISCORD_GUILD_ID,
        apiUrl: v.DISCORD_API_URL.replace(/\/+$/, ''),
        publicKey: values.DISCORD_PUBLIC_KEY?.toLowerCase(),
      }
    : undefined;
  const secrets = [
    ...(Object.keys(CONFIG_KEYS) as ConfigKey[])
      .filter((key) => (CONFIG_KEYS[key] as KeySpec).secret && values[key])
      .map((key) => values[key] as string),
    // The password alone, wherever a driver's message might quote it.
    ...credentialsIn(values.DATABASE_URL ?? ''),
  ];

  return {
    databasePath: v.DATABASE_PATH,
    databaseUrl: values.DATABASE_URL,
    databasePoolSize: Number(v.DATABASE_POOL_SIZE),
    replicaId: values.REPLICA_ID ?? defaultReplicaId(),
    watchlistsFile: v.WATCHLISTS_FILE,
    host: v.HOST,
    port: Number(v.PORT),
    pollCron: v.POLL_CRON,
    noticePollCron: v.NOTICE_POLL_CRON,
    cronTimezone: v.CRON_TIMEZONE,
    logLevel: v.LOG_LEVEL as LogLevel,
    outboxMaxAgeMs: parseDuration(v.OUTBOX_MAX_AGE) ?? 86_400_000,
    outboxRetentionMs: parseDuration(v.OUTBOX_RETENTION) ?? 90 * 86_400_000,
    admins: {
      slackUserIds: list(values.SLACK_ADMIN_USER_IDS ?? values.ADMIN_USER_IDS),
      discordRoleIds: list(values.DISCORD_ADMIN_ROLE_IDS),
    },
    allowPrivateUrls: ['true', '1', 'yes'].includes(v.ALLOW_PRIVATE_URLS),
    slack,
    discord,
    sources: {
      comtrade: { apiUrl: v.COMTRADE_API_URL.replace(/\/+$/, ''), apiKey: values.COMTRADE_API_KEY },
      census: { apiUrl: v.CENSUS_API_URL.replace(/\/+$/, ''), apiKey: values.CENSUS_API_KEY },
      federalRegister: { apiUrl: v.FEDERAL_REGISTER_API_URL.replace(/\/+$/, '') },
      mofcom: { url: v.MOFCOM_URL.replace(/\/+$/, ''), englishUrl: v.MOFCOM_EN_URL.replace(/\/+$/, '') },
      dgft: { url: v.DGFT_URL.replace(/\/+$/, '') },
    },
    secrets,
    deprecations: deprecations(values),
  };
}

/** hostname-pid: unique among processes at one time, and says where to look. */
function defaultReplicaId(): string {
  const host =
    hostname()
      .replace(/[^\w.-]+/g, '-')
      .slice(0, 48) || 'host';
  return `${host}-${process.pid}`;
}

/** ADMIN_USER_IDS once named admins on every platform, which locked Discord moderators out. */
function deprecations(values: Record<ConfigKey, string | undefined>): string[] {
  if (values.ADMIN_USER_IDS === undefined) return [];
  return values.SLACK_ADMIN_USER_IDS === undefined
    ? [
        'ADMIN_USER_IDS is deprecated and now applies to Slack only: rename it SLACK_ADMIN_USER_IDS. ' +
          'On Discord, Manage Channels (and DISCORD_ADMIN_ROLE_IDS) decide who may change a channel.',
      ]
    : ['ADMIN_USER_IDS is deprecated and ignored because SLACK_ADMIN_USER_IDS is set: remove it.'];
}

/** Secret values present in an environment, for scrubbing logs before the config is even valid. */
export function secretsIn(env: Env): string[] {
  return [
    ...(Object.keys(CONFIG_KEYS) as ConfigKey[])
      .filter((key) => (CONFIG_KEYS[key] as KeySpec).secret)
      .map((key) => env[key]?.trim())
      .filter((value): value is string => Boolean(value)),
    ...credentialsIn(env.DATABASE_URL?.trim() ?? ''),
  ];
}
