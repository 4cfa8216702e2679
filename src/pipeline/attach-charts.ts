import type { ChatAdapter } from '../../adapters/chat-adapter.js';
import type { Platform } from '../model/chat.js';
import type { ChartRef, DigestChart } from '../render/alert-digest.js';
import type { ReplyImage } from '../render/reply.js';
import type { ChannelDigest } from './group.js';

/** A digest carries at most this many charts: each is one more post to the channel. */
export const MAX_CHARTS_PER_DIGEST = 3;

export interface AttachChartsOptions {
  adapters: ReadonlyMap<Platform, ChatAdapter>;
  /** Draws a series' chart; undefined when there is nothing to draw. */
  draw: (ref: ChartRef) => Promise<ReplyImage | undefined>;
  /** Told of a chart that could not be drawn (logged once the cycle is stored). */
  warn: (details: Record<string, unknown>, message: string) => void;
}

/**
 * Gives each digest for a platform that posts images the charts of the series that fell, in the
 * digest's order. Each chart is drawn once per cycle however many channels get it, and a
 * chart that cannot be drawn is left out: an alert never waits for, or fails with, its chart.
 */
export async function attachCharts(
  digests: readonly ChannelDigest[],
  options: AttachChartsOptions,
): Promise<ChannelDigest[]> {
  const drawn = new Map<string, ReplyImage | undefined>();
  const draw = async (ref: ChartRef): Promise<ReplyImage | undefined> => {
    const key = `${ref.watchlistId}/${ref.hs}`;
    if (!drawn.has(key)) {
      let image: ReplyImage | undefined;
      try {
        image = await options.draw(ref);
      } catch (error) {
        options.warn({ err: error, ...ref }, 'could not draw the chart of an alert; sending it without');
      }
      drawn.set(key, image);
    }
    return drawn.get(key);
  };
  const attached: ChannelDigest[] = [];
  for (const entry of digests) {
    if (!options.adapters.get(entry.channel.platform)?.postsImages) {
      attached.push(entry);
      continue;
    }
    const refs = new Map<string, ChartRef>();
    for (const series of entry.digest.series)
      if (series.chart) refs.set(`${series.chart.watchlistId}/${series.chart.hs}`, series.chart);
    const charts: DigestChart[] = [];
    for (const ref of [...refs.values()].slice(0, MAX_CHARTS_PER_DIGEST)) {
      const image = await draw(ref);
      if (image) charts.push({ ...ref, image });
    }
    attached.push(charts.length > 0 ? { ...entry, digest: { ...entry.digest, charts } } : entry);
  }
  return attached;
}
