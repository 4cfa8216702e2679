import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ChatAdapter } from '../../adapters/chat-adapter.js';
import { App } from '../../src/app.js';
import { ReplayClock } from '../../src/demo/replay-clock.js';
import { demoConfig } from '../../src/demo/run-demo.js';
import { SnapshotServer } from '../../src/demo/snapshot-server.js';
import { REPLAY_DATES } from '../../src/demo/timeline.js';
import { silentLogger } from '../../src/logger.js';
import { Metrics } from '../../src/metrics.js';
import type { OutgoingPayload, SendResult } from '../../src/model/chat.js';
import type { CycleReport } from '../../src/pipeline/alert-cycle.js';
import type { AlertDigest } from '../../src/render/alert-digest.js';

/** A chat platform that keeps each digest it is asked to send, by channel. */
class DigestRecorder implements ChatAdapter {
  readonly platform = 'console' as const;
  sent: { channel: string; digest: AlertDigest }[] = [];
  async start(): Promise<void> {}
  async stop(): Promise<void> {}
  renderDigest(digest: AlertDigest): OutgoingPayload[] {
    return [{ digest }];
  }
  async send(channel: string, payload: OutgoingPayload): Promise<SendResult> {
    this.sent.push({ channel, digest: payload.digest as AlertDigest });
    return { ok: true };
  }
}

export interface ReplayStep {
  /** The demo clock's day, 'YYYY-MM-DD'. */
  date: string;
  cycle: CycleReport;
  /** What each channel was sent at this step. */
  sent: { channel: string; digest: AlertDigest }[];
}

/** The channel that follows every watchlist, as the demo's does. */
export const ALL = 'all';

/**
 * The demo's replay of the bundled 2025 snapshot — the same snapshot server, watchlists, clock steps
 * and App — with one channel following every watchlist (`ALL`) and one channel per watchlist
 * (named by its id), recording what each was sent at each step.
 */
export async function replaySnapshot(): Promise<ReplayStep[]> {
  const clock = new ReplayClock(Date.parse(REPLAY_DATES[0] as string));
  const dir = mkdtempSync(join(tmpdir(), 'ree-watch-replay-'));
  const snapshot = await SnapshotServer.start(clock);
  const recorder = new DigestRecorder();
  const app = await App.open({
    config: demoConfig(snapshot.url, dir, 'silent', {}),
    logger: silentLogger(),
    clock,
    sleep: clock.sleep,
    metrics: new Metrics({ processMetrics: false }),
    chatAdapters: [recorder],
  });
  try {
    const ids = app.watchlists.map((watchlist) => watchlist.id);
    await app.storage.subscriptions.subscribe(
      { platform: 'console', channel: ALL },
      ids,
      'replay',
      clock.now(),
    );
    for (const id of ids)
      await app.storage.subscriptions.subscribe(
        { platform: 'console', channel: id },
        [id],
        'replay',
        clock.now(),
      );
    const sources = [...new Set(app.watchlists.map((watchlist) => watchlist.source))];
    const steps: ReplayStep[] = [];
    for (const date of REPLAY_DATES) {
      clock.set(Date.parse(date));
      for (const source of sources) await app.poll({ source, force: true });
      const { cycle } = await app.evaluateAndDeliver({ waitUpToMs: 60_000 });
      steps.push({ date: date.slice(0, 10), cycle, sent: recorder.sent });
      recorder.sent = [];
    }
    return steps;
  } finally {
    await app.stop();
    await snapshot.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
