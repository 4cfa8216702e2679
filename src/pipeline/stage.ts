import type { Logger } from '../logger.js';
import type { Notification } from './types.js';

export interface StageContext {
  now: number;
  logger: Logger;
}

/**
 * One step between "an alert changed" and "a channel is told": each stage passes on the
 * notifications that should go further. A new behaviour is a new stage, not a flag in an old one.
 */
export interface NotificationStage {
  /** Names what the stage holds back, e.g. "muted"; used in the cycle report and logs. */
  readonly name: string;
  run(notifications: Notification[], context: StageContext): Notification[];
}

/** Runs stages in order and counts what each one held back. */
export class MultiStage {
  constructor(private readonly stages: readonly NotificationStage[]) {}

  run(
    notifications: Notification[],
    context: StageContext,
  ): { passed: Notification[]; held: Record<string, number> } {
    const held: Record<string, number> = {};
    let current = notifications;
    for (const stage of this.stages) {
      const next = stage.run(current, context);
      if (next.length !== current.length) held[stage.name] = current.length - next.length;
      current = next;
    }
    return { passed: current, held };
  }
}

/** Caches a decision per key for one run, so 1,000 alerts to one channel ask the store once. */
export function memoBy<T, R>(keyOf: (value: T) => string, compute: (value: T) => R): (value: T) => R {
  const cache = new Map<string, R>();
  return (value) => {
    const key = keyOf(value);
    if (!cache.has(key)) cache.set(key, compute(value));
    return cache.get(key) as R;
  };
}

export const channelKey = (notification: Notification): string =>
  `${notification.channel.platform}:${notification.channel.channel}`;
