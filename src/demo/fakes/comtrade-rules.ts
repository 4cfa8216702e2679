import type { Clock } from '../../clock.js';
import { comtradeEnvelope } from './comtrade-wire.js';

/**
 * UN Comtrade's rules as the public record shows them (tests/fixtures/README.md cites each), for the
 * loopback servers of the demo, the tests and the benchmarks: the keyless preview takes one period
 * and answers at most 500 rows, about one request a second (faster: 429 with Retry-After); the keyed
 * data API needs its key header, takes up to 12 periods, answers up to 100,000 rows and counts a
 * daily quota (then 403 "Out of call volume quota").
 */

/** What one data request asks for, read from its query string. */
export interface ComtradeQuery {
  reporter: number;
  partners: number[];
  cmdCodes: string[];
  flow: 'X' | 'M';
  /** YYYY-MM */
  periods: string[];
}

export interface RulesOptions {
  clock: Clock;
  /** Enforce about one request a second (the preview's pace); the benchmarks' warped clocks cannot. */
  pace?: boolean;
  /** The keyed quota per day. */
  keyedPerDay?: number;
}

export interface RuleAnswer {
  status: number;
  headers: Record<string, string>;
  body: unknown;
}

export const PREVIEW_PATH = '/public/v1/preview/C/M/HS';
export const KEYED_PATH = '/data/v1/get/C/M/HS';
export const PREVIEW_AVAILABILITY_PATH = '/public/v1/getDa/C/M/HS';
export const KEYED_AVAILABILITY_PATH = '/data/v1/getDa/C/M/HS';

const PREVIEW_ROWS = 500;
const KEYED_ROWS = 100_000;
const KEYED_PERIODS = 12;

/**
 * How late this server may read a request its client sent on time: it runs in the client's process
 * (the demo, the tests), so a busy event loop stamps one request late and the next on time. The
 * client keeps 1.1 s between requests; a request 750 ms after the last is still refused.
 */
const READ_JITTER_MS = 250;

/** The rules of one loopback Comtrade: pace and quota state across requests. */
export class ComtradeRules {
  private lastAcceptedAt: number | undefined;
  private readonly keyedCalls: number[] = [];
  /** Requests refused, by reason, for tests that check none were needed. */
  readonly refused = new Map<string, number>();

  constructor(private readonly options: RulesOptions) {}

  /**
   * The answer to a request, or undefined when the path is not Comtrade's. `rows` builds the records
   * of a data query; `availability` the getDa list of a reporter.
   */
  answer(
    url: URL,
    headers: Record<string, string | string[] | undefined>,
    rows: (query: ComtradeQuery) => unknown[],
    availability: (reporter: number) => unknown,
  ): RuleAnswer | undefined {
    const path = url.pathname;
    const keyed = path.startsWith('/data/v1/');
    if (![PREVIEW_PATH, KEYED_PATH, PREVIEW_AVAILABILITY_PATH, KEYED_AVAILABILITY_PATH].includes(path))
      return undefined;
    const now = this.options.clock.now();
    if (keyed && !headers['ocp-apim-subscription-key'])
      return this.refuse('key', 401, {
        statusCode: 401,
        message:
          'Access denied due to missing subscription key. Make sure to include subscription key when making requests to an API.',
      });
    if (keyed) {
      const perDay = this.options.keyedPerDay ?? Number.POSITIVE_INFINITY;
      while (this.keyedCalls.length > 0 && (this.keyedCalls[0] as number) <= now - 86_400_000)
        this.keyedCalls.shift();
      if (this.keyedCalls.length >= perDay) {
        const refill = Math.ceil(((this.keyedCalls[0] as number) + 86_400_000 - now) / 1000);
        const hms = [Math.floor(refill / 3600), Math.floor(refill / 60) % 60, refill % 60]
          .map((part) => String(part).padStart(2, '0'))
          .join(':');
        return this.refuse('quota', 403, {
          statusCode: 403,
          message: `Out of call volume quota. Quota will be replenished in ${hms}.`,
        });
      }
    } else if (
      this.options.pace !== false &&
      this.lastAcceptedAt !== undefined &&
      now - this.lastAcceptedAt < 1_000 - READ_JITTER_MS
    ) {
      const wait = Math.max(1, Math.ceil((this.lastAcceptedAt + 1_000 - now) / 1000));
      return this.refuse(
        'pace',
        429,
        { statusCode: 429, message: `Rate limit is exceeded. Try again in ${wait} seconds.` },
        { 'retry-after': String(wait) },
      );
    }
    const query = url.searchParams;
    if (path === PREVIEW_AVAILABILITY_PATH || path === KEYED_AVAILABILITY_PATH) {
      this.accept(now, keyed);
      return ok(availability(Number(query.get('reporterCode'))));
    }
    const periods = (query.get('period') ?? '').split(',').filter(Boolean);
    if (!keyed && periods.length > 1)
      return this.refuse('periods', 400, { error: 'Maximum number of periods for preview is 1' });
    if (keyed && periods.length > KEYED_PERIODS)
      return this.refuse('periods', 400, { error: `Maximum number of periods is ${KEYED_PERIODS}` });
    this.accept(now, keyed);
    const list = (name: string) => (query.get(name) ?? '').split(',').filter(Boolean);
    const all = rows({
      reporter: Number(query.get('reporterCode')),
      partners: list('partnerCode').map(Number),
      cmdCodes: list('cmdCode'),
      flow: query.get('flowCode') === 'M' ? 'M' : 'X',
      periods: periods.map((period) => `${period.slice(0, 4)}-${period.slice(4)}`),
    });
    const cap = keyed ? KEYED_ROWS : PREVIEW_ROWS;
    if (all.length <= cap) return ok(comtradeEnvelope(all));
    // A capped answer: the first rows only, and the count of what was returned.
    return ok(comtradeEnvelope(all.slice(0, cap)));
  }

  private accept(now: number, keyed: boolean): void {
    if (keyed) this.keyedCalls.push(now);
    else this.lastAcceptedAt = now;
  }

  private refuse(
    reason: string,
    status: number,
    body: unknown,
    headers: Record<string, string> = {},
  ): RuleAnswer {
    this.refused.set(reason, (this.refused.get(reason) ?? 0) + 1);
    return { status, headers, body };
  }
}

const ok = (body: unknown): RuleAnswer => ({ status: 200, headers: {}, body });
