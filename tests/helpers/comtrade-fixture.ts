import { type Clock, systemClock } from '../../src/clock.js';
import { envelope, type MonthFigure, magnetMonths, monthlyRecord } from './comtrade-answers.js';
import { serveComtrade } from './comtrade-service.js';
import { type Answer, FixtureServer, json } from './fixture-server.js';

/** Comtrade as it answers: only the reporter, partners, commodities and months asked for. */
export function comtradeAnswer(months: MonthFigure[]): Answer {
  return (req, res) => {
    const params = new URL(req.url ?? '', 'http://x').searchParams;
    const periods = (params.get('period') ?? '').split(',');
    const partners = (params.get('partnerCode') ?? '').split(',').map(Number);
    const rows = partners.flatMap((partnerCode) =>
      (params.get('cmdCode') ?? '')
        .split(',')
        .flatMap((cmdCode) =>
          months
            .filter((m) => periods.includes(m.month.replace('-', '')))
            .map((m) => monthlyRecord(m, { partnerCode, cmdCode })),
        ),
    );
    return json(envelope(rows))(req, res);
  };
}

/**
 * 24 months of China's magnet exports up to the month before `now`, the newest at 40 % of the month
 * before it: a 60 % drop that crosses every drop rule of the default china-*-magnets watchlists.
 */
export function magnetMonthsEndingInADrop(now: number): MonthFigure[] {
  const months = magnetMonths(now);
  const [previous, latest] = months.slice(-2);
  if (!previous?.usd || !previous.kg || !latest) throw new Error('expected two months');
  latest.usd = Math.round(previous.usd * 0.4);
  latest.kg = Math.round(previous.kg * 0.4);
  return months;
}

/**
 * A loopback Comtrade (public preview API, and its data-availability check) serving `months` of
 * China's magnet exports to India, the US and Japan under the preview's real rules, in real time.
 * It lists only the newest `listed` months as published, so a poll asks it that many times (one
 * request a second), which keeps tests that run the real service quick. A test on a fake clock
 * passes it, and gives the service that clock's sleep, so the pace is kept on that clock.
 */
export async function startComtradeFixture(
  months: MonthFigure[],
  options: { listed?: number; clock?: Clock } = {},
): Promise<FixtureServer> {
  const listed = options.listed ?? 3;
  const server = await FixtureServer.start();
  serveComtrade(
    server,
    options.clock ?? systemClock,
    [699, 842, 392].map((partner) => ({ partner, hs: '850511', months })),
    { released: () => months.slice(-listed).map((m) => m.month) },
  );
  return server;
}

/** Every source URL on the loopback server, so nothing a poll does can reach the internet. */
export function sourceUrlsAt(server: FixtureServer): Record<string, string> {
  return {
    COMTRADE_API_URL: server.url,
    CENSUS_API_URL: server.url,
    FEDERAL_REGISTER_API_URL: server.url,
    MOFCOM_URL: server.url,
    MOFCOM_EN_URL: server.url,
    DGFT_URL: server.url,
  };
}
