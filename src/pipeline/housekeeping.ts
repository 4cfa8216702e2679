import type { Clock } from '../clock.js';
import { formatDuration } from '../duration.js';
import type { Logger } from '../logger.js';

export interface HousekeepingDeps {
  outbox: {
    purgeFinished(before: number): Promise<{ messages: number; attempts: number }>;
  };
  clock: Clock;
  logger: Logger;
  /** OUTBOX_RETENTION: how long finished messages are kept for `/ree status`. */
  retentionMs: number;
}

/** Deletes finished outbox messages older than OUTBOX_RETENTION, so the database does not grow forever. */
export async function purgeOldMessages(
  deps: HousekeepingDeps,
): Promise<{ messages: number; attempts: number }> {
  const removed = await deps.outbox.purgeFinished(deps.clock.now() - deps.retentionMs);
  if (removed.messages > 0)
    deps.logger.info(
      { ...removed, retention: formatDuration(deps.retentionMs) },
      'deleted old finished outbox messages',
    );
  return removed;
}
