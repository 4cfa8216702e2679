import { Agent, request } from 'undici';
import { type Clock, realSleep, type Sleep } from '../clock.js';
import type { Logger } from '../logger.js';
import type { CacheValidators } from '../model/source.js';
import { createSecretScrubber, credentialsIn, redactUrl } from '../redact.js';
import { USER_AGENT } from '../version.js';
import type { AnswerRecorder } from './answer-recorder.js';
import { describeErrorBody, formatBytes, readBody } from './http-body.js';
import { type HostBudget, RequestBudget } from './http-budget.js';
import { classifyError, describeCause, type Fail, isTransient, parseRetryAfter } from './http-errors.js';
import { HttpSession } from './http-session.js';
import { type GetOptions, type HttpFetcher, type HttpResponse, header } from './http-types.js';
import type { RequestLog, ValidatorCache } from './ports.js';
import { SourceError } from './types.js';
import { assertPublicUrl, guardedLookup, PrivateAddressError } from './url-guard.js';

export interface HttpLimits {
  connectTimeoutMs: number;
  /** Time to the response headers. */
  headersTimeoutMs: number;
  /** Longest silence while the body streams. */
  bodyTimeoutMs: number;
  /** Whole request, body included: a server dripping bytes cannot hold a poll forever. */
  totalTimeoutMs: number;
  maxBodyBytes: number;
  /** Retries after the first attempt, for network errors, timeouts, 5xx and 429. */
  maxRetries: number;
  backoffBaseMs: number;
  /** A Retry-After longer than this is not waited for: the source is retried on a later poll. */
  maxRetryAfterMs: number;
  maxRedirects: number;
}

export const DEFAULT_LIMITS: HttpLimits = {
  connectTimeoutMs: 10_000,
  headersTimeoutMs: 30_000,
  bodyTimeoutMs: 30_000,
  totalTimeoutMs: 120_000,
  maxBodyBytes: 25 * 1024 * 1024,
  maxRetries: 3,
  backoffBaseMs: 2_000,
  maxRetryAfterMs: 120_000,
  maxRedirects: 5,
};

export interface HttpClientOptions {
  clock: Clock;
  sleep?: Sleep;
  logger: Logger;
  /** Validators of the answers stored last, read before each conditional GET. */
  cache: Pick<ValidatorCache, 'get'>;
  requestLog: RequestLog;
  /** ALLOW_PRIVATE_URLS: let user-supplied URLs reach loopback and private networks. */
  allowPrivateUrls: boolean;
  limits?: Partial<HttpLimits>;
  budgets?: Record<string, HostBudget>;
  /** `ree-watch poll --record DIR`: every answer is also saved, secrets redacted. */
  recorder?: AnswerRecorder;
}

const RETRYABLE_STATUS = new Set([429, 500, 502, 503, 504]);
const REDIRECT_STATUS = new Set([301, 302, 303, 307, 308]);

/**
 * The one HTTP layer every source uses: pooled connections, timeouts, a body-size limit enforced
 * while streaming, gzip/br, a descriptive User-Agent, conditional GET, bounded retries that honour
 * Retry-After, and a per-host budget. Failures are SourceErrors naming the source and the URL.
 */
/** "Try again in 2 seconds" in an error body → milliseconds. */
const secondsInWords = (text: string): number | undefined => {
  const seconds = /try again in (\d+) seconds?/i.exec(text)?.[1];
  return seconds === undefined ? undefined : Number(seconds) * 1000;
};

export class HttpClient implements HttpFetcher {
  readonly limits: HttpLimits;
  readonly budget: RequestBudget;
  private readonly agent: Agent;
  private readonly guardedAgent: Agent;
  private readonly sleep: Sleep;

  constructor(private readonly options: HttpClientOptions) {
    this.limits = { ...DEFAULT_LIMITS, ...options.limits };
    this.sleep = options.sleep ?? realSleep;
    this.budget = new RequestBudget(options.requestLog, options.clock, this.sleep);
    for (const [host, budget] of Object.entries(options.budgets ?? {})) this.budget.set(host, budget);
    const agentOptions = {
      headersTimeout: this.limits.headersTimeoutMs,
      bodyTimeout: this.limits.bodyTimeoutMs,
      keepAliveTimeout: 10_000,
      connections: 4,
    };
    this.agent = new Agent({ ...agentOptions, connect: { timeout: this.limits.connectTimeoutMs } });
    // User-supplied URLs get an agent whose DNS answers are checked again at connect time.
    this.guardedAgent = options.allowPrivateUrls
      ? this.agent
      : new Agent({
          ...agentOptions,
          connect: { timeout: this.limits.connectTimeoutMs, lookup: guardedLookup },
        });
  }

  /** A session for one source fetch; its conditional-GET validators are saved only on `commit`. */
  session(source: string, signal?: AbortSignal): HttpSession {
    return new HttpSession(this, source, signal);
  }

  async close(): Promise<void> {
    await this.agent.close();
    if (this.guardedAgent !== this.agent) await this.guardedAgent.close();
  }

  validators(key: string): Promise<CacheValidators | undefined> {
    return this.options.cache.get(key);
  }

  remainingToday(host: string): Promise<number> {
    return this.budget.remainingToday(host);
  }

  /** @internal used by HttpSession */
  async get(
    source: string,
    url: URL,
    options: GetOptions,
    validators: CacheValidators | undefined,
    signal: AbortSignal | undefined,
  ): Promise<HttpResponse> {
    const { clock, logger } = this.options;
    const fail: Fail = (kind, at, detail, extra) => new SourceError(source, kind, at, detail, extra);
    const deadline = AbortSignal.timeout(this.limits.totalTimeoutMs);
    const combined = signal ? AbortSignal.any([signal, deadline]) : deadline;
    const maxBody = options.maxBodyBytes ?? this.limits.maxBodyBytes;
    let current = url;
    let attempt = 0;
    let redirects = 0;
    for (;;) {
      if (options.untrusted && !this.options.allowPrivateUrls) {
        try {
          await assertPublicUrl(current);
        } catch (error) {
          if (error instanceof PrivateAddressError) throw fail('blocked', current, error.message);
          throw fail('network', current, `cannot resolve ${current.hostname} (${describeCause(error)})`, {
            cause: error,
          });
        }
      }
      const allowed = await this.budget.acquire(current.host, combined).catch((error: unknown) => {
        throw fail('network', current, 'cancelled while waiting for the request budget', { cause: error });
      });
      if (!allowed.ok) {
        const budget = this.budget.budgetFor(current.host);
        throw fail(
          'budget-exhausted',
          current,
          `the daily budget of ${budget.perDay} requests to ${current.host} is used up; next request possible at ${new Date(allowed.retryAt).toISOString()}`,
          { retryAt: allowed.retryAt },
        );
      }
      const headers: Record<string, string> = {
        'user-agent': USER_AGENT,
        accept: options.accept ?? '*/*',
        'accept-encoding': 'gzip, deflate, br',
        ...options.headers,
      };
      if (options.conditional !== false && validators) {
        if (validators.etag) headers['if-none-match'] = validators.etag;
        if (validators.lastModified) headers['if-modified-since'] = validators.lastModified;
      }
      const started = clock.now();
      let retryWait: number | undefined;
      let failure: SourceError;
      try {
        const response = await request(current, {
          method: 'GET',
          headers,
          signal: combined,
          dispatcher: options.untrusted ? this.guardedAgent : this.agent,
        });
        const status = response.statusCode;
        const record = (body: Buffer) =>
          this.options.recorder?.record({
            source,
            url: current,
            at: clock.now(),
            status,
            headers: response.headers,
            body,
          });
        const location = header(response.headers, 'location');
        if (REDIRECT_STATUS.has(status) && location) {
          await response.body.dump();
          record(Buffer.alloc(0));
          if (++redirects > this.limits.maxRedirects)
            throw fail('http-status', current, `more than ${this.limits.maxRedirects} redirects`, { status });
          current = new URL(location, current);
          continue;
        }
        if (status === 304) {
          await response.body.dump();
          record(Buffer.alloc(0));
          logger.debug({ source, url: redactUrl(current), status }, 'not modified');
          return { notModified: true, url: current.toString() };
        }
        const contentType = header(response.headers, 'content-type') ?? '';
        const contentLength = Number(header(response.headers, 'content-length') ?? Number.NaN);
        if (status >= 200 && status < 300) {
          if (contentLength > maxBody) {
            response.body.destroy();
            throw fail(
              'too-large',
              current,
              `the answer is ${formatBytes(contentLength)}, more than the ${formatBytes(maxBody)} limit`,
              { status },
            );
          }
          const body = await readBody(
            response.body,
            header(response.headers, 'content-encoding'),
            maxBody,
            combined,
          );
          record(body);
          logger.debug(
            { source, url: redactUrl(current), status, bytes: body.length, ms: clock.now() - started },
            'fetched',
          );
          return {
            notModified: false,
            url: current.toString(),
            status,
            headers: response.headers,
            contentType,
            body,
          };
        }
        const errorBody = await readBody(
          response.body,
          header(response.headers, 'content-encoding'),
          64 * 1024,
          combined,
        ).catch(() => Buffer.alloc(0));
        record(errorBody);
        // Error pages often quote the request (Express's "Cannot GET /…?key=…", a gateway naming the key).
        const sent = createSecretScrubber([
          ...credentialsIn(current),
          ...Object.values(options.headers ?? {}),
        ]);
        const said = describeErrorBody(errorBody, contentType, sent);
        const detail = `answered HTTP ${status}${said ? `: ${said}` : ''}`;
        if (!RETRYABLE_STATUS.has(status)) throw fail('http-status', current, detail, { status });
        // Azure API Management (Comtrade) also says it in words: "Try again in 2 seconds."
        const retryAfter =
          parseRetryAfter(header(response.headers, 'retry-after'), clock.now()) ??
          (status === 429 ? secondsInWords(said) : undefined);
        retryWait = retryAfter ?? this.backoff(attempt);
        failure = fail(status === 429 ? 'rate-limited' : 'http-status', current, detail, {
          status,
          retryAt: retryAfter === undefined ? undefined : clock.now() + retryAfter,
        });
        if (retryAfter !== undefined && retryAfter > this.limits.maxRetryAfterMs) throw failure;
      } catch (error) {
        if (error instanceof SourceError) throw error;
        if (signal?.aborted)
          throw fail('network', current, 'the request was cancelled (shutting down)', { cause: error });
        if (deadline.aborted)
          throw fail(
            'timeout',
            current,
            `the request took longer than ${this.limits.totalTimeoutMs / 1000} s`,
            { cause: error },
          );
        failure = classifyError(error, current, fail, maxBody);
        if (!isTransient(failure)) throw failure;
        retryWait = this.backoff(attempt);
      }
      if (attempt >= this.limits.maxRetries || signal?.aborted || deadline.aborted) throw failure;
      attempt++;
      logger.warn(
        { source, url: redactUrl(current), attempt, waitMs: retryWait, error: failure.detail },
        'retrying',
      );
      await this.sleep(retryWait, signal);
    }
  }

  private backoff(attempt: number): number {
    return Math.min(this.limits.backoffBaseMs * 2 ** attempt, 60_000);
  }
}
