import { tradeData, tradeDataPostgres } from './001-trade-data.js';
import { delivery, deliveryPostgres } from './002-delivery.js';
import { sourceBookkeeping, sourceBookkeepingPostgres } from './003-source-bookkeeping.js';
import { noticeFeed, noticeFeedPostgres } from './004-notice-feed.js';
import { commandReadIndexes, commandReadIndexesPostgres } from './005-command-read-indexes.js';
import { answerDigests, answerDigestsPostgres } from './006-answer-digests.js';
import { tradeCoverage, tradeCoveragePostgres } from './007-trade-coverage.js';
import { seriesStates, seriesStatesPostgres } from './008-series-states.js';
import { locks, locksPostgres } from './009-locks.js';
import { httpRequestIds, httpRequestIdsPostgres } from './010-http-request-ids.js';
import { jobTicks, jobTicksPostgres } from './011-job-ticks.js';
import { rateSlots, rateSlotsPostgres } from './012-rate-slots.js';

/** One step of the schema, in each database's own SQL (a driver runs the script of its dialect). */
export interface Migration {
  version: number;
  name: string;
  sqlite: string;
  postgres: string;
}

export interface MigrationResult {
  /** Versions applied by this call, oldest first; empty when the schema was current. */
  applied: number[];
  version: number;
}

/** Applied in order, each once, each in its own transaction. Append only: never edit a released one. */
export const MIGRATIONS: readonly Migration[] = [
  { version: 1, name: 'trade-data', sqlite: tradeData, postgres: tradeDataPostgres },
  { version: 2, name: 'delivery', sqlite: delivery, postgres: deliveryPostgres },
  { version: 3, name: 'source-bookkeeping', sqlite: sourceBookkeeping, postgres: sourceBookkeepingPostgres },
  { version: 4, name: 'notice-feed', sqlite: noticeFeed, postgres: noticeFeedPostgres },
  {
    version: 5,
    name: 'command-read-indexes',
    sqlite: commandReadIndexes,
    postgres: commandReadIndexesPostgres,
  },
  { version: 6, name: 'answer-digests', sqlite: answerDigests, postgres: answerDigestsPostgres },
  { version: 7, name: 'trade-coverage', sqlite: tradeCoverage, postgres: tradeCoveragePostgres },
  { version: 8, name: 'series-states', sqlite: seriesStates, postgres: seriesStatesPostgres },
  { version: 9, name: 'locks', sqlite: locks, postgres: locksPostgres },
  { version: 10, name: 'http-request-ids', sqlite: httpRequestIds, postgres: httpRequestIdsPostgres },
  { version: 11, name: 'job-ticks', sqlite: jobTicks, postgres: jobTicksPostgres },
  { version: 12, name: 'rate-slots', sqlite: rateSlots, postgres: rateSlotsPostgres },
];
