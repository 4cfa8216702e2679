import type { Notification } from './types.js';

/** Something a stage noticed, logged once the cycle has been stored (never inside its transaction). */
export interface StageWarning {
  details: Record<string, unknown>;
  message: string;
}

export interface StageContext {
  now: number;
  warn(details: Record<string, unknown>, message: string): void;
}

/**
 * One step between "an alert changed" and "a channel is told": each stage passes on the
 * notifications that should go further. A new behaviour is a new stage, not a flag in an old one.
 */
export interface NotificationStage {
  /** Names what the stage holds back, e.g. "muted"; used in the cycle report and logs. */
  readonly name: string;
  run(notifications: Notification[], context: StageContext): Promise<Notification[]>;
}

/** Runs stages in order and counts what each one held back. */
export class MultiStage {
  constructor(private readonly stages: readonly NotificationStage[]) {}

  async run(
    notifications: Notification[],
    context: StageContext,
  ): Promise<{ passed: Notification[]; held: Record<string, number> }> {
    const held: Record<string, number> = {};
    let current = notifications;
    for (const stage of this.stages) {
      const next = await stage.run(current, context);
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

/** The notifications a stage keeps: those `hold` says no to, asked one at a time, in order. */
export async function keepUnless(
  notifications: readonly Notification[],
  hold: (notification: Notification) => Promise<boolean>,
): Promise<Notification[]> {
  const kept: Notification[] = [];
  for (const notification of notifications) if (!(await hold(notification))) kept.push(notification);
  return kept;
}

export const channelKey = (notification: Notification): string =>
  `${notification.channel.platform}:${notification.channel.channel}`;
