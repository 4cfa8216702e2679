/** What this replica holds among those sharing the database: named for /healthz and the logs. */
export class HeldLocks {
  private readonly counts = new Map<string, number>();

  /** Marks `name` held until the returned function is called (once). */
  hold(name: string): () => void {
    this.counts.set(name, (this.counts.get(name) ?? 0) + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const left = (this.counts.get(name) ?? 1) - 1;
      if (left > 0) this.counts.set(name, left);
      else this.counts.delete(name);
    };
  }

  has(prefix: string): boolean {
    return this.list().some((name) => name === prefix || name.startsWith(`${prefix}:`));
  }

  list(): string[] {
    return [...this.counts.keys()].sort();
  }
}

/** The locks a replica holds while it runs a scheduled job's tick: `scheduler:<job>`. */
export const SCHEDULER_LOCKS = 'scheduler';
export const schedulerLock = (job: string): string => `${SCHEDULER_LOCKS}:${job}`;

/** The lock of the one replica whose Discord gateway session is open. */
export const GATEWAY_LOCK = 'discord-gateway';
