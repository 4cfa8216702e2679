// The ingest baseline: the same rows the ingest stores, written with better-sqlite3 prepared INSERTs
// in one transaction, into a database with ree-watch's schema and settings. Nothing else.
import { openSqliteDatabase } from '../../src/store/sqlite/open-database.js';
import { insertTradeRows, tradeRows } from '../workload/seed.js';
import { tradeWorkload, WORKLOAD_NOW } from '../workload/trade.js';
import { cpuMs, reply } from './ipc.js';

// Built before the clock starts: the baseline times storing, not generating.
const rows = tradeRows(tradeWorkload(Number(process.env.OBSERVATIONS)), WORKLOAD_NOW);
const { db } = openSqliteDatabase(process.env.DATABASE_PATH as string);
const cpuBefore = cpuMs();
const started = performance.now();
insertTradeRows(db, rows);
const ms = performance.now() - started;
const cpu = cpuMs() - cpuBefore;
db.close();
reply({ type: 'inserted', ms, cpuMs: cpu, rows: rows.observations.length, series: rows.series.length });
process.exit(0);
