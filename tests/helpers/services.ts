import type { CommandInvocation } from '../../adapters/chat-adapter.js';
import type { CommandServices } from '../../src/commands/command.js';
import { silentLogger } from '../../src/logger.js';
import { FakeClock } from './fake-clock.js';

export function testServices(overrides: Partial<CommandServices> = {}): CommandServices {
  const clock = new FakeClock();
  return {
    clock,
    logger: silentLogger(),
    version: '0.0.0-test',
    startedAt: clock.now(),
    adminUserIds: [],
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
