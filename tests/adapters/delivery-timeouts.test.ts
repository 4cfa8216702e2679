import { describe, expect, it } from 'vitest';
import { REQUEST_TIMEOUT_MS } from '../../adapters/discord/client.js';
import { SEND_TIMEOUT_MS } from '../../adapters/discord/discord-adapter.js';
import { API_TIMEOUT_MS } from '../../adapters/slack/slack-adapter.js';
import { OUTBOX_LEASE_MS } from '../../src/pipeline/outbox-sender.js';

/*
 * A send that outlives its 60 s lease can be claimed and sent again by another process sharing the
 * database. The hanging-server tests (slack/delivery, slack/charts, discord/charts) show each bound is
 * enforced; this keeps the bounds themselves well inside the lease.
 */
describe('delivery timeouts against the outbox lease', () => {
  it('Slack: a message is one request, a chart upload three, each bounded; the worst case is half the lease', () => {
    expect(3 * API_TIMEOUT_MS).toBeLessThanOrEqual(OUTBOX_LEASE_MS / 2);
  });

  it('Discord: every send is aborted, queueing included, within a quarter of the lease', () => {
    expect(REQUEST_TIMEOUT_MS).toBeLessThanOrEqual(SEND_TIMEOUT_MS);
    expect(SEND_TIMEOUT_MS).toBeLessThanOrEqual(OUTBOX_LEASE_MS / 4);
  });
});
