import { setTimeout as wait } from 'node:timers/promises';
import { Mutex } from '../mutex.js';
import type { Sql } from '../sql.js';

export interface LeaseOptions {
  /** How long a lease lasts unless renewed: how long a dead holder keeps the others waiting. */
  leaseMs?: number;
  /** How often a held lease is renewed. */
  renewMs?: number;
  /** The first wait before asking again for a lock another process holds; it doubles, up to a second. */
  retryMs?: number;
  /**
   * Real time, not the service's clock: a lease measures how long its holder has been silent, and a
   * test's or the demo's clock may stand still or jump months.
   */
  now?: () => number;
}

/**
 * Named locks for one process on one database: in the process, a queue per name; across processes, a
 * lease row per name in `locks` (migration 009), taken when free or when its holder let it run out,
 * renewed while held and deleted when done.
 */
export class LeaseLocks {
  private readonly queues = new Map<string, Mutex>();
  private readonly leaseMs: number;
  private readonly renewMs: number;
  private readonly retryMs: number;
  private readonly now: () => number;

  constructor(
    private readonly sql: Sql,
    private readonly owner: string,
    options: LeaseOptions = {},
  ) {
    this.leaseMs = options.leaseMs ?? 15_000;
    this.renewMs = options.renewMs ?? 5_000;
    this.retryMs = options.retryMs ?? 25;
    this.now = options.now ?? Date.now;
  }

  async run<T>(name: string, fn: () => Promise<T>): Promise<T> {
    let queue = this.queues.get(name);
    if (!queue) {
      queue = new Mutex();
      this.queues.set(name, queue);
    }
    const release = await queue.acquire();
    try {
      await this.take(name);
      const renewal = setInterval(() => {
        this.sql
          .run('UPDATE locks SET until = ? WHERE name = ? AND owner = ?', [
            this.now() + this.leaseMs,
            name,
            this.owner,
          ])
          .catch(() => {});
      }, this.renewMs);
      renewal.unref();
      try {
        return await fn();
      } finally {
        clearInterval(renewal);
        // A lease that cannot be deleted (the database turned read-only) runs out by itself.
        await this.sql
          .run('DELETE FROM locks WHERE name = ? AND owner = ?', [name, this.owner])
          .catch(() => {});
      }
    } finally {
      release();
    }
  }

  private async take(name: string): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      const now = this.now();
      const taken = await this.sql.run(
        `INSERT INTO locks (name, owner, until) VALUES (?, ?, ?)
         ON CONFLICT (name) DO UPDATE SET owner = excluded.owner, until = excluded.until WHERE locks.until < ?`,
        [name, this.owner, now + this.leaseMs, now],
      );
      if (taken > 0) return;
      await wait(Math.min(this.retryMs * 2 ** attempt, 1_000));
    }
  }
}
