import { availability, envelope, type MonthFigure, magnetMonths, monthlyRecord } from './comtrade-answers.js';
import { type Answer, FixtureServer, json } from './fixture-server.js';

/** Comtrade as it answers: only the reporter, partner, commodities and months asked for. */
export function comtradeAnswer(months: MonthFigure[]): Answer {
  return (req, res) => {
    const params = new URL(req.url ?? '', 'http://x').searchParams;
    const periods = (params.get('period') ?? '').split(',');
    const partnerCode = Number(params.get('partnerCode'));
    const rows = (params.get('cmdCode') ?? '')
      .split(',')
      .flatMap((cmdCode) =>
        months
          .filter((m) => periods.includes(m.month.replace('-', '')))
          .map((m) => monthlyRecord(m, { partnerCode, cmdCode })),
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

/** A loopback Comtrade (public preview API, and its data-availability check) serving `months`. */
export async function startComtradeFixture(months: MonthFigure[]): Promise<FixtureServer> {
  const server = await FixtureServer.start();
  server.route(
    '/public/v1/getDa/C/M/HS',
    json(
      availability(
        156,
        months.map((m) => m.month),
      ),
    ),
  );
  server.route('/public/v1/preview/C/M/HS', comtradeAnswer(months));
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
