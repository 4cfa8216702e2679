import type { TradeWatchlist } from '../model/watchlist.js';
import { displayUnit, scaleTo } from '../rules/format.js';
import type { SeriesTrack, TrackedMonth } from '../rules/rule-track.js';
import { sourceLabel } from '../rules/source-labels.js';
import { type ChartLine, type ChartSpec, renderChartPng } from './chart.js';
import { hsLabel } from './names.js';
import type { ReplyImage } from './reply.js';
import { seriesRoute } from './series-route.js';

export interface WatchlistChart {
  image: ReplyImage;
  /** First and last month drawn. */
  first: string;
  last: string;
  /** Lines drawn: the series, and the shown rule's baseline and threshold when it has them. */
  lines: number;
  alertMonths: number;
  /** The HS code drawn (a watchlist with several draws one). */
  hs: string;
  /** What was drawn: the lines in the unit of its axis. */
  spec: ChartSpec;
}

/**
 * The chart of one series of a trade watchlist over its last `months` months (`tracks`, one per
 * stored series): the series, the baseline and threshold of the rule that fired last, and the
 * months it alerted on. What `/ree chart` answers and what a drop alert carries. `hs` picks the
 * series; by default the watchlist's first.
 */
export function watchlistChart(
  watchlist: TradeWatchlist,
  tracks: readonly SeriesTrack[],
  months: number,
  hs?: string,
): WatchlistChart | undefined {
  const track = tracks.find((candidate) => candidate.series.hs === hs) ?? tracks[0];
  if (!track || track.months.every((month) => month.value === null)) return undefined;
  // The axis in the unit `/ree history` shows the same months in: tonnes for a heavy kg series.
  const unit = track.series.unit;
  const shown = displayUnit(
    unit,
    track.months.flatMap((month) => [month.value, month.baseline, month.threshold]),
  );
  const at = (pick: (month: TrackedMonth) => number | null) =>
    track.months.map((month) => {
      const value = pick(month);
      return { period: month.period, value: value === null ? null : scaleTo(value, unit, shown) };
    });
  const lines: ChartLine[] = [
    { label: seriesRoute(track.series), points: at((m) => m.value), style: 'series' },
  ];
  if (track.months.some((month) => month.baseline !== null))
    lines.push({ label: 'baseline', points: at((m) => m.baseline), style: 'baseline' });
  if (track.months.some((month) => month.threshold !== null))
    lines.push({ label: 'threshold', points: at((m) => m.threshold), style: 'threshold' });
  const alerted = track.months.filter((month) => month.alerted).map((month) => month.period);
  const first = track.months[0]?.period ?? '';
  const last = track.months.at(-1)?.period ?? '';
  const spec: ChartSpec = {
    title: watchlist.title,
    subtitle: `${hsLabel(track.series.hs)} · ${sourceLabel(track.series.source).name}${track.ruleText ? ` · alerts on ${track.ruleText}` : ''}`,
    unit: shown,
    lines,
    alertPeriods: alerted,
  };
  const png = renderChartPng(spec);
  const several = watchlist.hs.length > 1 ? `-${track.series.hs}` : '';
  return {
    image: {
      filename: `${watchlist.id}${several}-${months}m.png`,
      png,
      alt: `${watchlist.title}, ${first} to ${last}`,
    },
    first,
    last,
    lines: lines.length,
    alertMonths: alerted.length,
    hs: track.series.hs,
    spec,
  };
}
