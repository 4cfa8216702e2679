import { type SeriesKey, type SeriesSummary, type SeriesUpsert, seriesKeyOf } from '../model/trade.js';
import type { HttpSession } from '../sources/http-session.js';
import type { AnswerBookkeeping } from '../sources/ports.js';
import type { SkippedRow, TradeRequest } from '../sources/source.js';
import type { SeriesReport } from './ingest-report.js';
import type { IngestRepositories, IngestStorage } from './ports.js';

// What a poll does with one answer once fetched: store it atomically, and say what it changed.

/**
 * Stores what an answer brought together with the validators and release markers that vouch for it,
 * in one transaction: they are never saved without the content, and one commit per answer is cheaper.
 * Alone among the stores that touch its series: storing reads a series' months before it writes
 * the changes and their revisions, so two stores of the same series (two answers of one route, or
 * replicas on one PostgreSQL storing the same answer) must take turns rather than both record one
 * revision. The transaction holds the `lock` its caller names for what it touches (on PostgreSQL an
 * advisory lock the server drops at COMMIT; on SQLite every transaction is alone anyway).
 */
export function storeAnswer<T>(
  storage: IngestStorage,
  lock: string,
  session: HttpSession,
  afterStore: readonly ((stored: AnswerBookkeeping) => Promise<void>)[],
  now: () => number,
  write: (repositories: IngestRepositories) => Promise<T>,
): Promise<T> {
  return storage.transaction(
    async (repositories) => {
      const written = await write(repositories);
      await session.commit(repositories.httpCache, now());
      const bookkeeping = { validators: repositories.httpCache, releases: repositories.sourceReleases };
      for (const action of afterStore) await action(bookkeeping);
      return written;
    },
    { lock },
  );
}

export async function seriesReports(
  observations: IngestRepositories['observations'],
  source: string,
  request: TradeRequest,
  upserts: readonly SeriesUpsert[],
): Promise<SeriesReport[]> {
  const byKey = new Map(upserts.map((upsert) => [seriesKeyOf(upsert.key), upsert]));
  const reporter = source === 'census' ? 'US' : request.reporter;
  const keys: SeriesKey[] = [];
  for (const hs of request.hs)
    for (const unit of request.units)
      keys.push({ source, reporter, partner: request.partner, flow: request.flow, hs, unit });
  const touched = keys.map((key) => byKey.get(seriesKeyOf(key)));
  // The upserts know what the series they touched hold; the store is asked once for all the others.
  const missing = keys.filter((_, index) => !touched[index]);
  const untouched = missing.length > 0 ? await observations.summaries(missing) : [];
  let nextUntouched = 0;
  const reports: SeriesReport[] = [];
  for (const [index, key] of keys.entries()) {
    const upsert = touched[index];
    const summary = upsert ?? (untouched[nextUntouched++] as SeriesSummary);
    // Fields named one by one and a tight copy of the months: a poll of a million rows reports
    // ~40,000 series, and spread objects (dictionaries) with push-grown arrays took 2.3x the heap.
    reports.push({
      source: key.source,
      reporter: key.reporter,
      partner: key.partner,
      flow: key.flow,
      hs: key.hs,
      unit: key.unit,
      stored: upsert ? upsert.stored.slice() : [],
      unchanged: upsert?.unchanged.length ?? 0,
      revised: upsert?.revised ?? [],
      periods: summary.periods,
      latest: summary.latest,
    });
  }
  return reports;
}

export function countSkipped(rows: readonly SkippedRow[]): { reason: string; count: number }[] {
  const counts = new Map<string, number>();
  for (const row of rows) counts.set(row.reason, (counts.get(row.reason) ?? 0) + 1);
  return [...counts].map(([reason, count]) => ({ reason, count }));
}
