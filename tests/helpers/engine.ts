import { silentLogger } from '../../src/logger.js';
import { Metrics } from '../../src/metrics.js';
import type { Platform } from '../../src/model/chat.js';
import { DAY_MS } from '../../src/model/time.js';
import { AlertCycle } from '../../src/pipeline/alert-cycle.js';
import { alertChartDrawer } from '../../src/pipeline/attach-charts.js';
import {
  type DrainReport,
  OutboxSender,
  type OutboxSenderOptions,
} from '../../src/pipeline/outbox-sender.js';
import { parseWatchlists } from '../../src/watchlists/load.js';
import { FakeChatAdapter } from './fake-chat-adapter.js';
import { FakeClock } from './fake-clock.js';
import { openTestStorage, type TestStorage } from './storage.js';

/** China → India magnets with the seed's rule (20 % drop on the previous month) and a MOFCOM notice list. */
export const TEST_WATCHLISTS = `
- id: china-india-magnets
  title: China → India rare-earth magnet exports
  kind: trade
  source: comtrade
  reporter: CN
  partner: IN
  flow: export
  hs: ["850511"]
  rules:
    - { type: drop, compare: previous-month, percent: 20 }
- id: china-export-controls
  title: China export-control notices on rare earths
  kind: notice
  source: mofcom
  match: { any: ["rare earth", "稀土", "export control"] }
`;

export interface EngineOptions {
  yaml?: string;
  now?: string;
  storage?: TestStorage;
  platforms?: Platform[];
  alertsPerMessage?: number;
  /** Platforms whose fake adapter posts chart images with alerts. */
  postsImages?: Platform[];
  sender?: Partial<OutboxSenderOptions>;
}

/** The alert cycle and the outbox sender over one database, with fake adapters and a fake clock. */
export async function engine(options: EngineOptions = {}) {
  const clock = new FakeClock(Date.parse(options.now ?? '2025-06-20T00:00:00Z'));
  const storage = options.storage ?? (await openTestStorage({ clock }));
  const logger = silentLogger();
  const metrics = new Metrics({ processMetrics: false });
  const watchlists = parseWatchlists(options.yaml ?? TEST_WATCHLISTS);
  const { subscriptions, mutes, outbox } = storage;
  const fakes = new Map(
    (options.platforms ?? ['slack', 'discord']).map((platform) => [
      platform,
      new FakeChatAdapter(platform, clock, {
        alertsPerMessage: options.alertsPerMessage,
        postsImages: options.postsImages?.includes(platform) ?? false,
      }),
    ]),
  );
  const adapters = new Map<Platform, FakeChatAdapter>(fakes);
  const platforms = () => new Set(adapters.keys());
  const cycle = new AlertCycle({ storage, clock, logger, metrics, watchlists, platforms });
  const sender = new OutboxSender({
    outbox,
    subscriptions,
    adapters,
    clock,
    logger,
    metrics,
    maxAgeMs: DAY_MS,
    random: () => 0,
    drawChart: alertChartDrawer(watchlists, storage),
    ...options.sender,
  });

  /** Drains until nothing is pending, moving the fake clock to each next due time; returns the time waited. */
  async function deliverAll(maxDrains = 10_000): Promise<{ waitedMs: number; drains: DrainReport[] }> {
    const started = clock.now();
    const drains: DrainReport[] = [];
    for (let drain = 0; drain < maxDrains; drain++) {
      const report = await sender.drainOnce();
      drains.push(report);
      if (report.nextDueAt === null) return { waitedMs: clock.now() - started, drains };
      if (report.nextDueAt > clock.now()) clock.set(report.nextDueAt);
    }
    throw new Error(`still pending after ${maxDrains} drains`);
  }

  const adapter = (platform: Platform): FakeChatAdapter => {
    const found = adapters.get(platform);
    if (!found) throw new Error(`no fake ${platform} adapter`);
    return found;
  };

  return {
    clock,
    storage,
    metrics,
    watchlists,
    subscriptions,
    mutes,
    adapters,
    adapter,
    outbox,
    cycle,
    sender,
    deliverAll,
  };
}

/** The alert cycle, the sender and their fakes, as `engine()` builds them. */
export type Engine = Awaited<ReturnType<typeof engine>>;
