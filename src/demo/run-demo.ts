import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable, Writable } from 'node:stream';
import type { CommandHandler } from '../../adapters/chat-adapter.js';
import { chartDirFor } from '../../adapters/console/save-image.js';
import { App } from '../app.js';
import { type Config, loadConfig } from '../config.js';
import { createLogger, type LogLevel } from '../logger.js';
import { Metrics } from '../metrics.js';
import { loadWatchlists } from '../watchlists/load.js';
import { dataFooter } from './footer.js';
import { sourceProgressLine } from './progress.js';
import { SNAPSHOT_MONTHS } from './render-comtrade.js';
import { ReplayClock } from './replay-clock.js';
import { SnapshotServer } from './snapshot-server.js';
import type { DemoTarget, TargetDeps } from './target.js';
import { REPLAY_DATES, releasedBetween } from './timeline.js';

export interface DemoOptions {
  target: DemoTarget;
  stdin: Readable;
  stdout: Writable;
  logLevel: LogLevel;
  /** Resolves on Ctrl-C: the demo then stops as at the end of input. */
  shutdownSignal: Promise<string>;
  /** Keep the demo's database at this path at exit (to try `ree-watch db copy` on it, say). */
  keepDatabase?: string;
}

const WATCHLISTS = new URL('./snapshot/watchlists.yaml', import.meta.url);
const rule = (text: string) => `━━ ${text} ${'━'.repeat(Math.max(3, 96 - [...text].length))}`;

/**
 * `ree-watch demo`: serves the bundled snapshot on loopback, points every source there, and replays
 * 2025 through the real product: for each date of the replay the demo clock is set to that day,
 * App.poll() fetches from every source and App.evaluateAndDeliver() alerts the subscribed channel.
 * Then commands typed on stdin are answered until the input ends. The database is temporary.
 */
export async function runDemo(options: DemoOptions): Promise<void> {
  const { target, stdout: out } = options;
  const first = Date.parse(REPLAY_DATES[0] as string);
  const clock = new ReplayClock(first);
  const dir = mkdtempSync(join(tmpdir(), 'ree-watch-demo-'));
  let snapshot: SnapshotServer | undefined;
  let app: App | undefined;
  try {
    snapshot = await SnapshotServer.start(clock);
    const config = demoConfig(snapshot.url, dir, options.logLevel, target.env);
    const logger = createLogger({ level: config.logLevel, secrets: config.secrets });
    const metrics = new Metrics({ processMetrics: false });
    const watchlists = loadWatchlists(config.watchlistsFile);
    // The App is built with the adapter, and the adapter calls the App: bind the handler late.
    const handle: CommandHandler = (invocation) => {
      if (!app) throw new Error('the demo is not ready for commands yet');
      return app.handleCommand(invocation);
    };
    const deps: TargetDeps = {
      config,
      logger,
      clock,
      metrics,
      watchlists,
      onCommand: handle,
      definition: (name) => app?.registry.get(name),
    };
    const adapter = await target.createAdapter(deps);
    app = await App.open({ config, logger, clock, sleep: clock.sleep, metrics, chatAdapters: [adapter] });

    const followed = await subscribe(app, target);
    out.write(
      [
        'ree-watch demo: 2025 replayed from a bundled snapshot, through the real product. No network, no accounts.',
        `  Sources: UN Comtrade, MOFCOM, the Federal Register and a news feed, all served by ${snapshot.url}`,
        `  Database: ${config.databasePath} (${options.keepDatabase ? `kept at ${options.keepDatabase}` : 'deleted'} at exit)`,
        ...(target.platform === 'console'
          ? [`  Charts: ${chartDirFor(config.databasePath)} (what /ree chart saves; deleted at exit too)`]
          : []),
        `  ${target.channelLabel} follows ${followed.length} watchlists: ${followed.join(', ')}`,
        '  Each step sets the demo clock to a day figures or notices came out, polls every source, then shows',
        '  what the channel was told.',
        '',
      ].join('\n'),
    );

    const sources = [...new Set(app.watchlists.map((watchlist) => watchlist.source))];
    const tty = (out as { isTTY?: boolean }).isTTY === true;
    let stopped = false;
    void options.shutdownSignal.then(() => {
      stopped = true;
    });
    let previous = Number.NEGATIVE_INFINITY;
    for (const date of REPLAY_DATES) {
      if (stopped) return;
      const at = Date.parse(date);
      clock.set(at);
      const news = releasedBetween(previous, at, SNAPSHOT_MONTHS);
      previous = at;
      out.write(`${rule(`${date.slice(0, 10)} · published: ${news.join(' · ') || 'nothing new'}`)}\n`);
      for (const source of sources) {
        // In a terminal the line says what is being polled, then is replaced by what came of it.
        if (tty) out.write(`  ${source.padEnd(17)} polling…`);
        const started = performance.now();
        const report = await app.poll({ source, force: true });
        out.write(
          `${tty ? '\r\x1b[K' : ''}  ${sourceProgressLine(source, report, performance.now() - started)}\n`,
        );
      }
      // Everything the step queued is sent before the clock jumps: the outbox's spacing (Slack's one
      // message a second, a digest's charts after it) is waited on the demo clock, which costs no time.
      const { cycle } = await app.evaluateAndDeliver({ waitUpToMs: 60_000 });
      if (cycle.enqueued === 0) out.write(`  (nothing new for ${target.channelLabel})\n`);
      target.printDelivered(out);
      out.write('\n');
    }

    if (stopped) return;
    out.write(`${dataFooter().join('\n')}\n\n`);
    out.write(
      [
        `Now ask ree-watch as ${target.channelLabel} would (demo date ${new Date(clock.now()).toISOString().slice(0, 10)}):`,
        '  /ree india · /ree notices rare earth · /ree status · /ree chart china-india-magnets · /ree help',
        'End with Ctrl-D.',
        '',
      ].join('\n'),
    );
    const commands = target.answerCommands(options.stdin, out, deps);
    await Promise.race([commands, options.shutdownSignal]);
  } finally {
    await app?.stop();
    await target.close();
    await snapshot?.close();
    // Closed (and checkpointed) by app.stop(): the file alone is the whole database.
    if (options.keepDatabase && existsSync(join(dir, 'demo.db')))
      copyFileSync(join(dir, 'demo.db'), options.keepDatabase);
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * The demo's configuration, its database and watchlists in `dir`: only what the demo sets, so the
 * user's own tokens and URLs (.env) are never used by it. `env` enables the target's platform.
 */
export function demoConfig(
  snapshotUrl: string,
  dir: string,
  logLevel: LogLevel,
  env: Record<string, string>,
): Config {
  const watchlistsFile = join(dir, 'watchlists.yaml');
  writeFileSync(watchlistsFile, readFileSync(WATCHLISTS, 'utf8').replaceAll('{{SNAPSHOT_URL}}', snapshotUrl));
  return loadConfig({
    DATABASE_PATH: join(dir, 'demo.db'),
    WATCHLISTS_FILE: watchlistsFile,
    LOG_LEVEL: logLevel,
    HOST: '127.0.0.1',
    PORT: '0',
    // The news feed URL comes from a watchlist, and it is on loopback.
    ALLOW_PRIVATE_URLS: 'true',
    COMTRADE_API_URL: snapshotUrl,
    CENSUS_API_URL: snapshotUrl,
    FEDERAL_REGISTER_API_URL: snapshotUrl,
    MOFCOM_URL: snapshotUrl,
    MOFCOM_EN_URL: snapshotUrl,
    DGFT_URL: snapshotUrl,
    ...env,
  });
}

/** Subscribes the target's channel to every demo watchlist, through `/ree subscribe` as a user would. */
async function subscribe(app: App, target: DemoTarget): Promise<string[]> {
  const ids = app.watchlists.map((watchlist) => watchlist.id);
  const reply = await app.handleCommand({
    platform: target.platform,
    channelId: target.channel,
    userId: 'demo',
    userName: 'demo',
    input: { text: `subscribe ${ids.join(' ')}` },
    canManageChannel: true,
  });
  if (reply.tone === 'error') throw new Error(`could not subscribe the demo channel: ${reply.title}`);
  return (
    await app.storage.subscriptions.forChannel({ platform: target.platform, channel: target.channel })
  ).map((subscription) => subscription.watchlist);
}
