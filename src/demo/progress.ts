import type { IngestReport } from '../pipeline/ingest-report.js';

const plural = (count: number, word: string) =>
  `${count} ${word}${count === 1 || word.endsWith('s') ? '' : 's'}`;

/**
 * One line for one polled source, e.g.
 * `comtrade          6 series: 15 new months, latest 2025-03 (0.2 s)` or
 * `mofcom            2 lists: 3 notices, 2 new (0.1 s)`.
 */
export function sourceProgressLine(source: string, report: IngestReport, elapsedMs: number): string {
  const requests = report.requests;
  const label = source.padEnd(17);
  const took = `(${(elapsedMs / 1000).toFixed(1)} s)`;
  const failed = requests.filter((request) => request.outcome === 'failed');
  if (failed.length > 0)
    return `${label} FAILED: ${failed.map((request) => request.error ?? 'unknown error').join('; ')} ${took}`;
  if (requests.length === 0) return `${label} nothing to poll ${took}`;
  const series = requests.flatMap((request) => request.series);
  if (series.length > 0) {
    const stored = series.reduce((sum, item) => sum + item.stored.length, 0);
    const revised = series.reduce((sum, item) => sum + item.revised.length, 0);
    const latest = series
      .map((item) => item.latest ?? '')
      .sort()
      .at(-1);
    const news =
      stored + revised === 0
        ? `nothing new: ${requests.find((request) => request.note)?.note ?? 'the same figures'}`
        : `${plural(stored, 'new month')}${revised > 0 ? `, ${revised} revised` : ''}`;
    return `${label} ${plural(series.length, 'series')}: ${news}, latest ${latest || '-'} ${took}`;
  }
  const fetched = requests.reduce((sum, request) => sum + (request.notices?.fetched ?? 0), 0);
  const inserted = requests.reduce((sum, request) => sum + (request.notices?.inserted.length ?? 0), 0);
  const unchanged = requests.every((request) => request.notices?.fetched === 0 && request.note);
  const what = unchanged
    ? `nothing new: ${requests[0]?.note}`
    : `${plural(fetched, 'notice')} listed, ${inserted} new`;
  return `${label} ${what} ${took}`;
}
