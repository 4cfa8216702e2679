import type { CommandServices } from '../../src/commands/command.js';
import { silentLogger } from '../../src/logger.js';
import type { CommandInvocation } from '../../src/model/chat.js';
import { AlertStore } from '../../src/store/alerts.js';
import { type Db, openDatabase } from '../../src/store/db.js';
import { DeliveryStatusStore } from '../../src/store/delivery-status.js';
import { MuteStore } from '../../src/store/mutes.js';
import { NoticeStore } from '../../src/store/notices.js';
import { RuleSkipStore } from '../../src/store/rule-skips.js';
import { SourceHealthStore } from '../../src/store/source-health.js';
import { SubscriptionStore } from '../../src/store/subscriptions.js';
import { TradeCoverageStore } from '../../src/store/trade-coverage.js';
import { TradeHistoryStore } from '../../src/store/trade-history.js';
import { parseWatchlists } from '../../src/watchlists/load.js';
import { FakeClock } from './fake-clock.js';

/** Command services over an in-memory database and the given watchlists (YAML), for handler tests. */
export function testServices(
  overrides: Partial<CommandServices> = {},
  db: Db = openDatabase(':memory:').db,
): CommandServices {
  const clock = new FakeClock();
  return {
    clock,
    logger: silentLogger(),
    version: '0.0.0-test',
    startedAt: clock.now(),
    adminUserIds: [],
    watchlists: parseWatchlists('[]'),
    subscriptions: new SubscriptionStore(db),
    mutes: new MuteStore(db),
    sourceHealth: new SourceHealthStore(db),
    alerts: new AlertStore(db),
    ruleSkips: new RuleSkipStore(db),
    deliveryStatus: new DeliveryStatusStore(db),
    tradeHistory: new TradeHistoryStore(db),
    tradeCoverage: new TradeCoverageStore(db),
    notices: new NoticeStore(db),
    ...overrides,
  };
}

export function textInvocation(text: string, overrides: Partial<CommandInvocation> = {}): CommandInvocation {
  return {
    platform: 'console',
    channelId: 'C-test',
    userId: 'U-test',
    input: { text },
    canManageChannel: true,
    ...overrides,
  };
}
