import { describe, expect, it } from 'vitest';
import { chartMessage } from '../../adapters/discord/render-chart.js';
import { chartPayload } from '../../adapters/slack/chart-upload.js';
import { chartWatchlist } from '../../src/commands/rule-track.js';
import { DISCORD_LIMITS, SLACK_LIMITS } from '../../src/model/platform-limits.js';
import { seedMonths } from '../helpers/seed.js';
import { tradeWatchlist } from '../helpers/series.js';
import { openTestStorage } from '../helpers/storage.js';

/** China → US magnets in kg, as a `measure: weight` watchlist stores them (published: 46 t in May 2025). */
async function weightChart(title = 'China → United States rare-earth magnet exports') {
  const db = await openTestStorage();
  await seedMonths(
    db,
    { '2025-03': 625_000, '2025-04': 256_000, '2025-05': 46_000, '2025-06': 353_000 },
    {
      partner: 'US',
      unit: 'kg',
    },
  );
  const watchlist = tradeWatchlist([{ type: 'drop', compare: 'previous-month', percent: 25 }], {
    id: 'china-us-magnets',
    title,
    partner: 'US',
    measure: 'weight',
    unit: 'kg',
  });
  return chartWatchlist(watchlist, db, 4);
}

describe('the chart of a watchlist', () => {
  it('draws a kg series in tonnes once its figures reach tonnes, axis and lines alike', async () => {
    const chart = await weightChart();
    expect(chart?.spec.unit).toBe('t');
    expect(chart?.spec.lines[0]?.points).toEqual([
      { period: '2025-03', value: 625 },
      { period: '2025-04', value: 256 },
      { period: '2025-05', value: 46 },
      { period: '2025-06', value: 353 },
    ]);
    // The threshold is in the same unit: 25 % below the month before.
    expect(chart?.spec.lines.find((line) => line.style === 'threshold')?.points[1]?.value).toBeCloseTo(
      468.75,
    );
  });

  it('keeps its alt text within what Slack and Discord accept, whatever the title', async () => {
    // A title far past the watchlist file's cap, as a watchlist loaded by other means could have.
    const chart = await weightChart('China → United States rare-earth magnet exports '.repeat(60));
    if (!chart) throw new Error('no chart');
    const ref = { watchlistId: 'china-us-magnets', hs: '850511', image: chart.image };
    const slack = chartPayload(ref).chart_upload;
    expect(slack.alt_text.length).toBeLessThanOrEqual(SLACK_LIMITS.imageAltText);
    expect(slack.alt_text.startsWith('China → United States rare-earth magnet exports')).toBe(true);
    const discord = chartMessage(ref) as { attachments: { description: string }[] };
    expect(discord.attachments[0]?.description.length).toBeLessThanOrEqual(
      DISCORD_LIMITS.attachmentDescription,
    );
  });
});
