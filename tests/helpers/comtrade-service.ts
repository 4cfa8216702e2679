import type { Clock } from '../../src/clock.js';
import {
  ComtradeRules,
  KEYED_AVAILABILITY_PATH,
  KEYED_PATH,
  PREVIEW_AVAILABILITY_PATH,
  PREVIEW_PATH,
  type RulesOptions,
} from '../../src/demo/fakes/comtrade-rules.js';
import { availability, type MonthFigure, monthlyRecord } from './comtrade-answers.js';
import type { FixtureServer } from './fixture-server.js';

/** One series the loopback Comtrade holds: a partner (Comtrade code), an HS code and its months. */
export interface ServedSeries {
  partner: number;
  hs: string;
  months: MonthFigure[];
  /** Extra record fields (netWgt 0, qty in kg …), as Comtrade sends for some reporters. */
  fields?: (figure: MonthFigure) => Record<string, unknown>;
}

export interface ServeOptions extends Omit<RulesOptions, 'clock'> {
  /** The months China has published (default: every month of the series). */
  released?: () => string[];
  /** The release marker of every month (change it to announce a republication). */
  release?: () => string;
}

/**
 * A loopback UN Comtrade for China's exports on `server`, answering as the real one does (see
 * src/demo/fakes/comtrade-rules.ts): one period per preview request, about one request a second, 500
 * rows at most; the keyed API with its key header. Returns the rules, to read what was refused.
 */
export function serveComtrade(
  server: FixtureServer,
  clock: Clock,
  series: ServedSeries[] | (() => ServedSeries[]),
  options: ServeOptions = {},
): ComtradeRules {
  const rules = new ComtradeRules({ clock, ...options });
  const current = () => (typeof series === 'function' ? series() : series);
  const handler = (req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://comtrade.test');
    const answer = rules.answer(
      url,
      req.headers,
      (query) =>
        current()
          .filter(
            (one) =>
              query.reporter === 156 &&
              query.flow === 'X' &&
              query.partners.includes(one.partner) &&
              query.cmdCodes.includes(one.hs),
          )
          .flatMap((one) =>
            one.months
              .filter((figure) => query.periods.includes(figure.month))
              .map((figure) => ({
                ...monthlyRecord(figure, { partnerCode: one.partner, cmdCode: one.hs }),
                ...one.fields?.(figure),
              })),
          ),
      (reporter) =>
        availability(
          reporter,
          reporter === 156
            ? (options.released?.() ?? [
                ...new Set(current().flatMap((one) => one.months.map((m) => m.month))),
              ])
            : [],
          options.release?.(),
        ),
    );
    if (!answer) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not Comtrade');
      return;
    }
    res
      .writeHead(answer.status, { 'content-type': 'application/json; charset=utf-8', ...answer.headers })
      .end(JSON.stringify(answer.body));
  };
  for (const path of [PREVIEW_PATH, KEYED_PATH, PREVIEW_AVAILABILITY_PATH, KEYED_AVAILABILITY_PATH])
    server.route(path, handler);
  return rules;
}
