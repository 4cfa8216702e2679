import type { RecentMonths, SeriesPoint, StoredSeries } from '../model/trade.js';
import { hsLabel } from '../render/names.js';
import type { ReplySection } from '../render/reply.js';
import { seriesRoute } from '../render/series-route.js';
import { sparkline } from '../render/sparkline.js';
import { relativeTime } from '../render/time.js';
import { displayUnit, formatAmountIn, formatChange, percentChange } from '../rules/format.js';
import { addMonths, formatPeriod, monthRange } from '../rules/periods.js';
import { sourceLabel } from '../rules/source-labels.js';

/** How many months the sparkline of a series covers. */
export const SPARKLINE_MONTHS = 24;

/** "vs May 2025 ($2.9 M): -58%", or why there is no comparison. */
function comparison(
  latest: SeriesPoint & { value: number },
  base: SeriesPoint | undefined,
  period: string,
  shown: string,
): string {
  if (!base) return `vs ${formatPeriod(period)}: no figure stored`;
  if (base.value === null) return `vs ${formatPeriod(period)}: figure suppressed`;
  if (base.unit !== latest.unit)
    return `vs ${formatPeriod(period)}: recorded in ${base.unit}, not comparable`;
  if (base.value <= 0)
    return `vs ${formatPeriod(period)} (${formatAmountIn(base.value, base.unit, shown)}): no percentage from zero`;
  return `vs ${formatPeriod(period)} (${formatAmountIn(base.value, base.unit, shown)}): ${formatChange(percentChange(base.value, latest.value))}`;
}

/**
 * One series as a reply section: its latest month and value, the change against the previous
 * month and the same month a year earlier, a sparkline of up to 24 months, and how fresh it is.
 */
export function seriesSection(series: StoredSeries, recent: RecentMonths, now: number): ReplySection {
  const heading = `${seriesRoute(series)} · ${hsLabel(series.hs)}`;
  const latest = recent.points.at(-1);
  if (!latest) return { heading, lines: ['No months stored yet.'] };
  const byPeriod = new Map(recent.points.map((point) => [point.period, point]));
  const lines: string[] = [];
  if (latest.value === null) lines.push(`${formatPeriod(latest.period)}: figure suppressed (confidential)`);
  else {
    const estimated = latest.status === 'estimated' ? ' (estimated)' : '';
    const point = { ...latest, value: latest.value };
    const previous = addMonths(latest.period, -1);
    const lastYear = addMonths(latest.period, -12);
    // The three figures in one unit: never "950 kg" beside "1.2 t".
    const shown = displayUnit(latest.unit, [
      latest.value,
      byPeriod.get(previous)?.value ?? null,
      byPeriod.get(lastYear)?.value ?? null,
    ]);
    lines.push(
      `${formatPeriod(latest.period)}: ${formatAmountIn(latest.value, latest.unit, shown)}${estimated}`,
    );
    lines.push(
      `${comparison(point, byPeriod.get(previous), previous, shown)} · ${comparison(point, byPeriod.get(lastYear), lastYear, shown)}`,
    );
  }
  const first = addMonths(latest.period, -(SPARKLINE_MONTHS - 1));
  const months = monthRange(first, latest.period).filter(
    (period) => period >= (recent.points[0]?.period ?? first),
  );
  lines.push(
    `${months[0]} ${sparkline(months.map((period) => byPeriod.get(period)?.value ?? null))} ${latest.period} (${months.length} months)`,
  );
  const fetched = recent.lastFetchedAt === null ? '' : `, fetched ${relativeTime(recent.lastFetchedAt, now)}`;
  lines.push(`Latest period ${latest.period}${fetched} from ${sourceLabel(series.source).name}`);
  return { heading, lines };
}
