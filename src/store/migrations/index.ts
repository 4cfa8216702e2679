import { tradeData } from './001-trade-data.js';
import { delivery } from './002-delivery.js';
import { sourceBookkeeping } from './003-source-bookkeeping.js';
import { noticeFeed } from './004-notice-feed.js';
import { commandReadIndexes } from './005-command-read-indexes.js';
import { answerDigests } from './006-answer-digests.js';
import { tradeCoverage } from './007-trade-coverage.js';
import { seriesStates } from './008-series-states.js';
import { locks } from './009-locks.js';
import { httpRequestIds } from './010-http-request-ids.js';
import { jobTicks, jobTicksPostgres } from './011-job-ticks.js';

/** One step of the schema, in each database's own SQL (a driver runs the script of its dialect). */
export interface Migration {
  version: number;
  name: string;
  sqlite: string;
  postgres?: string;
}

export interface MigrationResult {
  /** Versions applied by this call, oldest first; empty when the schema was current. */
  applied: number[];
  version: number;
}

/** Applied in order, each once, each in its own transaction. Append only: never edit a released one. */
export const MIGRATIONS: readonly Migration[] = [
  { version: 1, name: 'trade-data', sqlite: tradeData },
  { version: 2, name: 'delivery', sqlite: delivery },
  { version: 3, name: 'source-bookkeeping', sqlite: sourceBookkeeping },
  { version: 4, name: 'notice-feed', sqlite: noticeFeed },
  { version: 5, name: 'command-read-indexes', sqlite: commandReadIndexes },
  { version: 6, name: 'answer-digests', sqlite: answerDigests },
  { version: 7, name: 'trade-coverage', sqlite: tradeCoverage },
  { version: 8, name: 'series-states', sqlite: seriesStates },
  { version: 9, name: 'locks', sqlite: locks },
  { version: 10, name: 'http-request-ids', sqlite: httpRequestIds },
  { version: 11, name: 'job-ticks', sqlite: jobTicks, postgres: jobTicksPostgres },
];
