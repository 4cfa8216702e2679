import { NO_ADMINS } from '../../src/commands/channel-access.js';
import type { CommandServices } from '../../src/commands/command.js';
import { silentLogger } from '../../src/logger.js';
import type { CommandInvocation } from '../../src/model/chat.js';
import { parseWatchlists } from '../../src/watchlists/load.js';
import { FakeClock } from './fake-clock.js';
import { openTestStorage, type TestStorage } from './storage.js';

/** Command services over a test database (a fresh in-memory one by default) and the given watchlists, for handler tests. */
export async function testServices(
  overrides: Partial<CommandServices> = {},
  storage?: TestStorage,
): Promise<CommandServices> {
  const clock = new FakeClock();
  const store = storage ?? (await openTestStorage());
  return {
    clock,
    logger: silentLogger(),
    version: '0.0.0-test',
    store: store.description,
    startedAt: clock.now(),
    admins: NO_ADMINS,
    watchlists: parseWatchlists('[]'),
    subscriptions: store.subscriptions,
    mutes: store.mutes,
    sourceHealth: store.sourceHealth,
    alerts: store.alerts,
    ruleSkips: store.ruleSkips,
    deliveryStatus: store.deliveryStatus,
    tradeHistory: store.tradeHistory,
    tradeCoverage: store.tradeCoverage,
    notices: store.notices,
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
