import { HOUR_MS, MINUTE_MS } from '../model/time.js';
import type { RequestReport, SourceHealthReport } from './ingest-report.js';
import type { SourceHealthLedger } from './ports.js';

/** After n consecutive failures a source waits 15 min × 2^(n−1), at most a day, before scheduled polls retry it. */
export function failureBackoffMs(consecutiveFailures: number): number {
  return Math.min(15 * MINUTE_MS * 2 ** Math.max(0, consecutiveFailures - 1), 24 * HOUR_MS);
}

/** One health record per key: a key fails when any of its requests failed this poll. */
export async function recordHealth(
  ledger: SourceHealthLedger,
  now: number,
  reports: RequestReport[],
): Promise<SourceHealthReport[]> {
  const byKey = new Map<string, RequestReport[]>();
  for (const report of reports) {
    if (report.outcome === 'skipped') continue;
    byKey.set(report.healthKey, [...(byKey.get(report.healthKey) ?? []), report]);
  }
  const results: SourceHealthReport[] = [];
  for (const [key, list] of byKey) {
    const failures = list.filter((report) => report.outcome === 'failed');
    if (failures.length === 0) {
      const stored = list.reduce(
        (sum, r) =>
          sum +
          r.series.reduce((n, s) => n + s.stored.length + s.revised.length, 0) +
          (r.notices?.inserted.length ?? 0),
        0,
      );
      await ledger.recordSuccess(key, now, stored, null);
      results.push({ key, ok: true, nextAttemptAt: null });
      continue;
    }
    const consecutive = ((await ledger.get(key))?.consecutiveFailures ?? 0) + 1;
    const retryAt = Math.max(0, ...failures.map((r) => r.retryAt ?? 0));
    const nextAttemptAt = Math.max(now + failureBackoffMs(consecutive), retryAt);
    const error = failures.map((r) => r.error ?? 'failed').join('; ');
    await ledger.recordFailure(
      key,
      now,
      error.length > 1000 ? `${error.slice(0, 997)}...` : error,
      nextAttemptAt,
    );
    results.push({ key, ok: false, error, nextAttemptAt });
  }
  return results;
}
