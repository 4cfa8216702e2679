import { backfillText } from '../render/backfill-text.js';
import type { IngestReport, RequestReport, SeriesReport } from './ingest-report.js';

const number = new Intl.NumberFormat('en-US', { maximumFractionDigits: 2 });
const figure = (value: number | null) => (value === null ? 'no figure' : number.format(value));
const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`;

/** "comtrade CN→IN export 850511 USD: 24 months stored, latest 2025-06" */
export function seriesLine(series: SeriesReport, note?: string): string {
  const label = `${series.source} ${series.reporter}→${series.partner} ${series.flow} ${series.hs} ${series.unit}`;
  const parts: string[] = [];
  if (series.stored.length > 0) parts.push(`${plural(series.stored.length, 'month')} stored`);
  if (series.revised.length > 0) {
    const shown = series.revised
      .slice(0, 3)
      .map((revision) => `${revision.period} ${figure(revision.oldValue)} → ${figure(revision.newValue)}`)
      .join('; ');
    parts.push(`${series.revised.length} revised (${shown}${series.revised.length > 3 ? '; …' : ''})`);
  }
  if (parts.length === 0)
    parts.push(`nothing new${note ? ` (${note})` : ''}, ${plural(series.periods, 'month')} held`);
  parts.push(series.latest ? `latest ${series.latest}` : 'no months stored yet');
  return `${label}: ${parts.join(', ')}`;
}

function requestLines(request: RequestReport): string[] {
  const label = `${request.source} ${request.description}`;
  if (request.outcome === 'skipped') return [`${label}: skipped, ${request.note ?? 'not due'}`];
  const lines: string[] = [];
  if (request.kind === 'trade') {
    lines.push(...request.series.map((series) => seriesLine(series, request.note)));
  }
  if (request.notices) {
    const { fetched, inserted, updated } = request.notices;
    const extra = updated > 0 ? `, ${updated} corrected` : '';
    const note = fetched === 0 && request.note ? ` (${request.note})` : '';
    lines.push(`${label}: ${plural(fetched, 'notice')}${note}, ${inserted.length} new${extra}`);
  }
  if (request.outcome === 'failed') lines.push(`${label}: FAILED: ${request.error ?? 'unknown error'}`);
  if (request.skipped.length > 0) {
    const total = request.skipped.reduce((sum, row) => sum + row.count, 0);
    lines.push(
      `  skipped ${plural(total, 'row')}: ${request.skipped.map((row) => `${row.count} × ${row.reason}`).join(', ')}`,
    );
  }
  return lines;
}

/**
 * One line per series (trade) or per request (notices), failures included, then one backfill line
 * per source that backfills its history, for the CLI and logs.
 */
export function summarizeIngest(report: IngestReport): string[] {
  const lines = report.requests.flatMap(requestLines);
  const backfills = new Map<string, { done: number; total: number }>();
  for (const request of report.requests)
    if (request.backfill) backfills.set(request.source, request.backfill);
  for (const [source, backfill] of backfills) {
    const rest = backfill.done < backfill.total ? ' (the next polls fetch the rest, newest first)' : '';
    lines.push(`${source} ${backfillText(backfill)}${rest}`);
  }
  return lines;
}
