import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { alertHistoryLine } from '../../src/commands/alert-history-line.js';
import { MIGRATIONS } from '../../src/store/migrations/index.js';
import { AlertRepository } from '../../src/store/repositories/alerts.js';
import { SubscriptionRepository } from '../../src/store/repositories/subscriptions.js';
import { migrate } from '../../src/store/sqlite/migrate.js';
import { SqliteSql } from '../../src/store/sqlite/sqlite-sql.js';
import { engine } from '../helpers/engine.js';
import { seedMonths } from '../helpers/seed.js';
import { openTestStorage } from '../helpers/storage.js';
import { useTempDir } from '../helpers/temp-dir.js';

const tempDir = useTempDir();
const MAGNETS = 'china-india-magnets';
const RULE = 'drop:previous-month:20%';

describe('a database from before series states (migration 8)', () => {
  it('keeps its firing alerts without posting them again, and its history reads as before, minus "resolved"', async () => {
    const path = join(tempDir(), 'ree.db');
    const old = new Database(path);
    migrate(
      old,
      MIGRATIONS.filter((migration) => migration.version <= 6),
    );
    // What the previous version stored, written as it wrote it (this schema predates the repositories' own).
    const sql = new SqliteSql(old);
    await seedMonths({ sql }, { '2025-02': 100, '2025-03': 50, '2025-04': 20 });
    // March's drop, superseded by April's, which is firing and was told.
    const alerts = new AlertRepository(sql);
    const told = Date.parse('2025-05-20T12:00:00Z');
    const drop = (period: string, headline: string) => ({
      dedupKey: `${MAGNETS}/${RULE}/hs-850511/${period}`,
      watchlistId: MAGNETS,
      rule: RULE,
      subject: 'hs-850511',
      period,
      kind: 'condition' as const,
      severity: 'critical' as const,
      headline,
      facts: [],
      source: 'UN Comtrade',
    });
    await alerts.recordFiring(drop('2025-03', 'March fell 50%.'), told - 30 * 86_400_000);
    const march = await alerts.get(`${MAGNETS}/${RULE}/hs-850511/2025-03`);
    if (!march) throw new Error('not stored');
    await alerts.recordResolved(
      march,
      { ...march.detail, closedBecause: 'superseded by the alert for 2025-04' },
      told,
      false,
    );
    await alerts.recordFiring(
      drop(
        '2025-04',
        'China → India rare-earth magnet exports fell 60% in April 2025: $20, down from $50 in March 2025.',
      ),
      told,
    );
    await new SubscriptionRepository(sql).subscribe(
      { platform: 'slack', channel: 'C1' },
      [MAGNETS],
      'U-test',
      0,
    );
    old.close();

    const db = await openTestStorage({ path });
    expect(await db.sql.all('SELECT watchlist, subject, period, told_at FROM series_states')).toEqual([
      { watchlist: MAGNETS, subject: 'hs-850511', period: '2025-04', told_at: told },
    ]);
    const e = await engine({ storage: db, now: '2025-06-01T00:00:00Z', platforms: ['slack'] });
    expect(await e.cycle.run()).toMatchObject({ series: { none: 1 }, enqueued: 0 });
    expect((await db.alerts.recent(MAGNETS)).map(alertHistoryLine)).toEqual([
      '2025-05-20 ▼ China → India rare-earth magnet exports fell 60% in April 2025: $20, down from $50 in March 2025. — alerting',
      '2025-04-20 ▼ March fell 50%. — replaced by the April 2025 figure',
    ]);
  });
});
