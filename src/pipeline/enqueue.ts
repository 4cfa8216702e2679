import { createHash } from 'node:crypto';
import type { ChatAdapter } from '../../adapters/chat-adapter.js';
import type { Platform } from '../model/chat.js';
import type { NewOutboxMessage } from '../model/delivery.js';
import type { ChannelDigest } from './group.js';

/**
 * Renders each channel's digest with its platform's adapter (pure; splits only where the platform's
 * length limit forces it) into outbox messages. The key names the channel, the cycle and the part,
 * so writing the same cycle twice can never queue a second copy.
 */
export function outboxMessagesFor(
  digests: readonly ChannelDigest[],
  adapters: ReadonlyMap<Platform, ChatAdapter>,
): NewOutboxMessage[] {
  const messages: NewOutboxMessage[] = [];
  for (const { channel, digest } of digests) {
    const adapter = adapters.get(channel.platform);
    if (!adapter) continue;
    const payloads = adapter.renderDigest(digest);
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
    payloads.forEach((payload, index) => {
      messages.push({
        ...channel,
        idempotencyKey: `${channel.platform}:${channel.channel}:${fingerprint}:${index + 1}/${payloads.length}`,
        payload,
      });
    });
  }
  return messages;
}
