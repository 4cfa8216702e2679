import type { SeriesKey } from '../model/trade.js';
import type { Watchlist } from '../model/watchlist.js';

/** Whether a watchlist reads this series: same source, countries and flow, and the HS code among its own. */
export function watches(watchlist: Watchlist, key: SeriesKey): boolean {
  return (
    watchlist.kind === 'trade' &&
    watchlist.source === key.source &&
    watchlist.reporter === key.reporter &&
    watchlist.partner === key.partner &&
    watchlist.flow === key.flow &&
    watchlist.hs.includes(key.hs)
  );
}

/**
 * The watchlist to add for imported series no watchlist reads (one per route, every HS code of it), as
 * YAML to paste into the watchlist file: without one, imported months are stored but never alerted on.
 */
export function suggestedWatchlists(keys: readonly SeriesKey[], watchlists: readonly Watchlist[]): string[] {
  const routes = new Map<string, { key: SeriesKey; hs: Set<string>; weight: boolean }>();
  for (const key of keys) {
    if (watchlists.some((watchlist) => watches(watchlist, key))) continue;
    const route = `${key.source}|${key.reporter}|${key.partner}|${key.flow}`;
    const entry = routes.get(route) ?? { key, hs: new Set<string>(), weight: true };
    entry.hs.add(key.hs);
    if (key.unit === 'USD') entry.weight = false;
    routes.set(route, entry);
  }
  return [...routes.values()].map(({ key, hs, weight }) => {
    const id = `${key.source}-${key.reporter}-${key.partner}-${key.flow}`
      .toLowerCase()
      .replace(/[^a-z0-9-]/g, '-');
    return [
      `- id: ${id}`,
      `  title: ${key.reporter} → ${key.partner} ${key.flow}s (${key.source} import)`,
      '  kind: trade',
      `  source: ${key.source}`,
      `  reporter: ${key.reporter}`,
      `  partner: ${key.partner}`,
      `  flow: ${key.flow}`,
      `  hs: [${[...hs].map((code) => `"${code}"`).join(', ')}]`,
      ...(weight ? ['  measure: weight'] : []),
      '  rules:',
      '    - { type: drop, compare: previous-month, percent: 20 }',
      '    - { type: drop, compare: same-month-last-year, percent: 30 }',
      '    - { type: stale, days: 75 }',
    ].join('\n');
  });
}
