import { z } from 'zod';
import type { ComtradeEndpoint } from './comtrade-call.js';
import { errorInAnswer, explainComtradeError } from './comtrade-errors.js';
import { monthFromCompact, parseJson, validate } from './parse.js';
import type { FetchContext } from './source.js';
import { SourceError } from './types.js';

// Data availability (getDa): one row per reporter and period; lastReleased + checksum change on republication.
const availabilitySchema = z.object({
  data: z.array(
    z.object({
      period: z.union([z.string(), z.number()]),
      reporterCode: z.union([z.number(), z.string()]),
      lastReleased: z.string().nullish(),
      datasetChecksum: z.union([z.number(), z.string()]).nullish(),
      totalRecords: z.number().nullish(),
    }),
  ),
});

/** period → release marker for every monthly dataset of the reporter; undefined if the endpoint is unusable. */
export async function fetchAvailability(
  reporter: number,
  endpoint: ComtradeEndpoint,
  context: FetchContext,
): Promise<Map<string, string> | undefined> {
  const url = new URL(`${endpoint.prefix}/getDa/C/M/HS`);
  url.searchParams.set('reporterCode', String(reporter));
  try {
    const response = await context.http.get(url, {
      headers: endpoint.headers,
      accept: 'application/json',
      conditional: false,
    });
    if (response.notModified) return undefined;
    const origin = { source: 'comtrade', url: url.toString() };
    const parsed = parseJson(response.body, origin);
    const reason = errorInAnswer(parsed);
    if (reason)
      throw new SourceError('comtrade', 'malformed', origin.url, `Comtrade reported an error: ${reason}`);
    const answer = validate(availabilitySchema, parsed, origin, 'a Comtrade availability list');
    const markers = new Map<string, string[]>();
    for (const row of answer.data) {
      const period = monthFromCompact(row.period);
      if (!period || Number(row.reporterCode) !== reporter) continue;
      const list = markers.get(period) ?? [];
      list.push(`${row.lastReleased ?? ''}#${row.datasetChecksum ?? ''}#${row.totalRecords ?? ''}`);
      markers.set(period, list);
    }
    return new Map([...markers].map(([period, list]) => [period, list.sort().join(';')]));
  } catch (error) {
    if (!(error instanceof SourceError)) throw error;
    const explained = explainComtradeError(error, endpoint.keyed, context.clock.now());
    // Availability is an optimisation: if that endpoint alone misbehaves, fetch the data itself.
    if (explained === error && (error.kind === 'http-status' || error.kind === 'malformed')) {
      context.logger.warn({ error: error.message }, 'Comtrade availability unusable; fetching every month');
      return undefined;
    }
    throw explained;
  }
}
