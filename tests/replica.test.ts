import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { healthHandler } from '../src/http/health.js';
import { GATEWAY_LOCK, HeldLocks, schedulerLock } from '../src/replica.js';
import { FakeClock } from './helpers/fake-clock.js';

/** GET /healthz of a handler over `locks`, as a load balancer or an operator would read it. */
async function healthOf(locks: HeldLocks): Promise<unknown> {
  const handler = healthHandler({
    database: { ping: async () => {}, migration: { version: 11 } },
    sourceHealth: { list: async () => [] },
    clock: new FakeClock(),
    startedAt: 0,
    version: 'test',
    replica: { id: 'replica-b', locks },
  });
  const server = createServer((req, res) => void handler(req, res)).listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  try {
    const response = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/healthz`);
    return ((await response.json()) as { replica: unknown }).replica;
  } finally {
    server.close();
  }
}

describe('replica identity on /healthz', () => {
  it('says which locks this replica holds while it holds them, and none after', async () => {
    const locks = new HeldLocks();
    expect(await healthOf(locks)).toEqual({
      id: 'replica-b',
      holds: { scheduler: false, gateway: false },
      locks: [],
    });
    const releaseTick = locks.hold(schedulerLock('poll-trade'));
    const releaseGateway = locks.hold(GATEWAY_LOCK);
    expect(await healthOf(locks)).toEqual({
      id: 'replica-b',
      holds: { scheduler: true, gateway: true },
      locks: ['discord-gateway', 'scheduler:poll-trade'],
    });
    releaseTick();
    releaseTick();
    releaseGateway();
    expect(await healthOf(locks)).toMatchObject({ holds: { scheduler: false, gateway: false }, locks: [] });
  });
});
