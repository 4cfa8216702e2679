import { tradeData } from './001-trade-data.js';
import { delivery } from './002-delivery.js';
import { sourceBookkeeping } from './003-source-bookkeeping.js';
import { noticeFeed } from './004-notice-feed.js';
import { commandReadIndexes } from './005-command-read-indexes.js';
import { answerDigests } from './006-answer-digests.js';
import { tradeCoverage } from './007-trade-coverage.js';
import { seriesStates } from './008-series-states.js';

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

/** Applied in order, each once, each in its own transaction. Append only: never edit a released one. */
export const MIGRATIONS: readonly Migration[] = [
  { version: 1, name: 'trade-data', sql: tradeData },
  { version: 2, name: 'delivery', sql: delivery },
  { version: 3, name: 'source-bookkeeping', sql: sourceBookkeeping },
  { version: 4, name: 'notice-feed', sql: noticeFeed },
  { version: 5, name: 'command-read-indexes', sql: commandReadIndexes },
  { version: 6, name: 'answer-digests', sql: answerDigests },
  { version: 7, name: 'trade-coverage', sql: tradeCoverage },
  { version: 8, name: 'series-states', sql: seriesStates },
];
