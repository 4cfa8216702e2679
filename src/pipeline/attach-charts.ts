import { chartWatchlist } from '../commands/rule-track.js';
import type { Watchlist } from '../model/watchlist.js';
import type { AlertDigest, ChartRef, DigestChart } from '../render/alert-digest.js';
import type { ReplyImage } from '../render/reply.js';

/** A digest carries at most this many charts: each is one more post to the channel. */
export const MAX_CHARTS_PER_DIGEST = 3;

/** Months an alert's chart shows: the default of `/ree chart`. */
const ALERT_CHART_MONTHS = 24;

/** Charts drawn for recent cycles, kept so many channels told of one cycle share its drawings. */
const CYCLES_KEPT = 4;

/** Draws a series' chart; undefined when there is nothing to draw. */
export type ChartDrawer = (ref: ChartRef) => Promise<ReplyImage | undefined>;

/** The chart `/ree chart` draws for the series, with its alerts circled; read outside any transaction. */
export function alertChartDrawer(
  watchlists: readonly Watchlist[],
  readers: Parameters<typeof chartWatchlist>[1],
): ChartDrawer {
  return async (ref) => {
    const watchlist = watchlists.find((candidate) => candidate.id === ref.watchlistId);
    if (watchlist?.kind !== 'trade') return undefined;
    return (await chartWatchlist(watchlist, readers, ALERT_CHART_MONTHS, ref.hs))?.image;
  };
}

/**
 * Gives a digest, on its way to a platform that posts images, the charts of the series that fell, in
 * the digest's order. Done at send, never in the alert cycle's transaction. A cycle's chart is drawn
 * once however many channels get it, and a chart that cannot be drawn is left out: an alert never
 * waits for, or fails with, its chart.
 */
export class DigestCharts {
  private readonly drawn = new Map<number, Map<string, Promise<ReplyImage | undefined>>>();

  constructor(
    private readonly draw: ChartDrawer,
    /** Told of a chart that could not be drawn. */
    private readonly warn: (details: Record<string, unknown>, message: string) => void,
  ) {}

  async attach(digest: AlertDigest): Promise<AlertDigest> {
    const refs = new Map<string, ChartRef>();
    for (const series of digest.series)
      if (series.chart) refs.set(`${series.chart.watchlistId}/${series.chart.hs}`, series.chart);
    const charts: DigestChart[] = [];
    for (const [key, ref] of [...refs].slice(0, MAX_CHARTS_PER_DIGEST)) {
      const image = await this.drawOnce(digest.generatedAt, key, ref);
      if (image) charts.push({ ...ref, image });
    }
    return charts.length > 0 ? { ...digest, charts } : digest;
  }

  private drawOnce(cycle: number, key: string, ref: ChartRef): Promise<ReplyImage | undefined> {
    let ofCycle = this.drawn.get(cycle);
    if (!ofCycle) {
      ofCycle = new Map();
      this.drawn.set(cycle, ofCycle);
      for (const old of [...this.drawn.keys()].sort((a, b) => a - b).slice(0, -CYCLES_KEPT))
        this.drawn.delete(old);
    }
    let image = ofCycle.get(key);
    if (!image) {
      image = this.draw(ref).catch((error: unknown) => {
        this.warn({ err: error, ...ref }, 'could not draw the chart of an alert; sending it without');
        return undefined;
      });
      ofCycle.set(key, image);
    }
    return image;
  }
}
