// The ingest baseline: the same rows the ingest stores, written into a database with ree-watch's
// schema and settings, in one transaction, and nothing else. SQLite: better-sqlite3 prepared INSERTs
// (DATABASE_PATH). PostgreSQL: plain `pg` multi-row INSERTs (DATABASE_URL).
import pg from 'pg';
import { openSqliteDatabase } from '../../src/store/sqlite/open-database.js';
import { insertTradeRowsPg, migrateForBench } from '../workload/pg-seed.js';
import { insertTradeRows, tradeRows } from '../workload/seed.js';
import { tradeWorkload, WORKLOAD_NOW } from '../workload/trade.js';
import { cpuMs, reply } from './ipc.js';

// Built before the clock starts: the baseline times storing, not generating.
const rows = tradeRows(tradeWorkload(Number(process.env.OBSERVATIONS)), WORKLOAD_NOW);
const url = process.env.DATABASE_URL;
let client: pg.Client | undefined;
let db: ReturnType<typeof openSqliteDatabase>['db'] | undefined;
if (url) {
  await migrateForBench(url);
  client = new pg.Client({ connectionString: url });
  await client.connect();
} else db = openSqliteDatabase(process.env.DATABASE_PATH as string).db;
const cpuBefore = cpuMs();
const started = performance.now();
if (client) await insertTradeRowsPg(client, rows);
else if (db) insertTradeRows(db, rows);
const ms = performance.now() - started;
const cpu = cpuMs() - cpuBefore;
await client?.end();
db?.close();
reply({ type: 'inserted', ms, cpuMs: cpu, rows: rows.observations.length, series: rows.series.length });
process.exit(0);
