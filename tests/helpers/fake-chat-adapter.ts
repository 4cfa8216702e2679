import type { ChatAdapter } from '../../adapters/chat-adapter.js';
import type { Clock } from '../../src/clock.js';
import type { OutgoingPayload, Platform, SendOptions, SendResult } from '../../src/model/chat.js';
import type { AlertDigest } from '../../src/render/alert-digest.js';

export interface RecordedSend {
  channel: string;
  payload: OutgoingPayload;
  /** Clock time the request was made. */
  at: number;
  idempotencyKey: string | undefined;
  result: SendResult;
}

/**
 * A chat platform in memory: records every send with the (fake) clock's time, answers what the test
 * scripts (rate-limited, transient, permanent) and otherwise ok, and measures send spacing.
 */
export class FakeChatAdapter implements ChatAdapter {
  readonly sends: RecordedSend[] = [];
  started = 0;
  stopped = 0;
  private readonly scripted = new Map<string, SendResult[]>();
  private gate: Promise<void> | undefined;

  readonly postsImages: boolean;

  constructor(
    readonly platform: Platform,
    private readonly clock: Clock,
    private readonly options: { alertsPerMessage?: number; failRender?: boolean; postsImages?: boolean } = {},
  ) {
    this.postsImages = options.postsImages ?? false;
  }

  async start(): Promise<void> {
    this.started++;
  }

  async stop(): Promise<void> {
    this.stopped++;
  }

  /**
   * One payload per `alertsPerMessage` items (default: all in one), like a platform length limit
   * would: a series as "<transition> <headline>", its comparison line after " | "; a notice as
   * "notice <title>".
   */
  renderDigest(digest: AlertDigest): OutgoingPayload[] {
    if (this.options.failRender) throw new Error('render failed');
    const size = this.options.alertsPerMessage ?? Number.POSITIVE_INFINITY;
    const items = [
      ...digest.series.map((entry) => ({
        line: `${entry.transition} ${entry.headline}`,
        comparisons: entry.comparisons,
        key: entry.key,
      })),
      ...digest.notices.flatMap((group) =>
        group.notices.map((notice) => ({ line: `notice ${notice.title}`, comparisons: '', key: notice.key })),
      ),
    ];
    const parts: OutgoingPayload[] = [];
    for (let start = 0; start < items.length; start += size) {
      const chunk = items.slice(start, start + size);
      parts.push({
        title: digest.title,
        lines: chunk.map((item) => item.line),
        comparisons: chunk.map((item) => item.comparisons),
        keys: chunk.map((item) => item.key),
      });
    }
    const charts = (digest.charts ?? []).map((chart) => ({
      chart: `${chart.watchlistId}/${chart.hs}`,
      filename: chart.image.filename,
      pngBytes: chart.image.png.length,
    }));
    return [...parts.map((part, index) => ({ ...part, part: index + 1, parts: parts.length })), ...charts];
  }

  /** The next sends to `channel` ('*': to any channel) get these answers, in order; then ok. */
  answer(results: SendResult[], channel = '*'): void {
    this.scripted.set(channel, [...(this.scripted.get(channel) ?? []), ...results]);
  }

  /** Holds every send until the returned function is called (to test shutdown with a send in flight). */
  hold(): () => void {
    let release = () => {};
    this.gate = new Promise((resolve) => {
      release = () => {
        this.gate = undefined;
        resolve();
      };
    });
    return release;
  }

  async send(channel: string, payload: OutgoingPayload, options?: SendOptions): Promise<SendResult> {
    const result = this.scripted.get(channel)?.shift() ?? this.scripted.get('*')?.shift() ?? { ok: true };
    const send: RecordedSend = {
      channel,
      payload,
      at: this.clock.now(),
      idempotencyKey: options?.idempotencyKey,
      result,
    };
    this.sends.push(send);
    if (this.gate) await this.gate;
    return result.ok ? { ok: true, externalId: `msg-${this.sends.length}` } : result;
  }

  /** Successful sends, optionally to one channel. */
  delivered(channel?: string): RecordedSend[] {
    return this.sends.filter((send) => send.result.ok && (channel === undefined || send.channel === channel));
  }

  /** The most requests (any outcome) made in any span of `windowMs`, to one channel or the whole platform. */
  maxSendsInWindow(windowMs: number, channel?: string): number {
    const times = this.sends
      .filter((send) => channel === undefined || send.channel === channel)
      .map((send) => send.at)
      .sort((a, b) => a - b);
    let most = 0;
    let first = 0;
    for (let last = 0; last < times.length; last++) {
      while ((times[last] as number) - (times[first] as number) >= windowMs) first++;
      most = Math.max(most, last - first + 1);
    }
    return most;
  }

  channels(): string[] {
    return [...new Set(this.sends.map((send) => send.channel))];
  }
}
