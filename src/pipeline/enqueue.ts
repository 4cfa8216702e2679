import { createHash } from 'node:crypto';
import type { NewOutboxMessage } from '../model/delivery.js';
import { digestPayload } from './digest-message.js';
import type { ChannelDigest } from './group.js';

/**
 * One outbox message per channel digest, platform-neutral: the adapter renders it at send. The key
 * names the channel and the cycle's content, so writing the same cycle twice can never queue a
 * second copy.
 */
export function outboxMessagesFor(digests: readonly ChannelDigest[]): NewOutboxMessage[] {
  return digests.map(({ channel, digest }) => {
    const fingerprint = createHash('sha256')
      .update(
        JSON.stringify([
          digest.generatedAt,
          digest.series.map((entry) => [entry.key, entry.transition]),
          digest.notices.flatMap((group) => group.notices.map((notice) => notice.key)),
        ]),
      )
      .digest('base64url')
      .slice(0, 16);
    return {
      ...channel,
      idempotencyKey: `${channel.platform}:${channel.channel}:${fingerprint}`,
      payload: digestPayload(digest),
    };
  });
}
