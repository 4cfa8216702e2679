import { parseArgs } from 'node:util';
import { CONFIG_KEYS } from '../config.js';
import { type CliContext, configure } from './context.js';
import { EXIT, UsageError } from './errors.js';

const count = new Intl.NumberFormat('en-US');
const formatNumber = (value: number): string => count.format(value);

const USAGE = 'db copy --to postgres://… [--from PATH] [--resume] [--batch-size N]';

/**
 * `ree-watch db copy --to postgres://…`: moves the SQLite database (DATABASE_PATH, or --from) into
 * an empty PostgreSQL database, table by table, then prints row counts and checksums per table.
 * Exit 0 when every table matches, 1 when one does not, 2 for wrong arguments or a non-empty target.
 */
export async function dbCommand(context: CliContext): Promise<number> {
  const [sub, ...rest] = context.argv;
  if (sub !== 'copy') throw new UsageError(`usage: ree-watch ${USAGE}`);
  const { values, positionals } = parseArgs({
    args: rest,
    options: {
      to: { type: 'string' },
      from: { type: 'string' },
      resume: { type: 'boolean', default: false },
      'batch-size': { type: 'string' },
    },
    allowPositionals: true,
  });
  if (positionals.length > 0 || !values.to || !/^postgres(ql)?:\/\//.test(values.to))
    throw new UsageError(`db copy needs --to with a postgres:// URL: ree-watch ${USAGE}`);
  const batchSize = values['batch-size'] === undefined ? undefined : Number(values['batch-size']);
  if (batchSize !== undefined && !(Number.isInteger(batchSize) && batchSize >= 1 && batchSize <= 10_000))
    throw new UsageError('--batch-size must be a whole number from 1 to 10000');
  // The source is this install's SQLite file, whatever DATABASE_URL says.
  const { logger } = configure({ ...context, env: { ...context.env, DATABASE_URL: undefined } });
  const from = values.from ?? (context.env.DATABASE_PATH?.trim() || CONFIG_KEYS.DATABASE_PATH.default);
  const { copySqliteToPostgres } = await import('../store/copy/index.js');
  const { StoreError } = await import('../store/sql.js');
  let table = '';
  try {
    const result = await copySqliteToPostgres({
      from,
      to: values.to,
      resume: values.resume ?? false,
      ...(batchSize ? { batchSize } : {}),
      logger,
      now: () => (context.clock ?? { now: Date.now }).now(),
      onBatch: ({ table: name, copied, total }) => {
        if (name !== table) context.stderr.write(`copying ${name} (${formatNumber(total)} rows)\n`);
        table = name;
        if (copied === total) context.stderr.write(`  ${name}: ${formatNumber(copied)} rows\n`);
      },
    });
    context.stdout.write(`${result.from} → ${result.to}\n`);
    const width = Math.max(...result.tables.map((report) => report.table.length));
    for (const report of result.tables)
      context.stdout.write(
        `  ${report.table.padEnd(width)}  ${formatNumber(report.sourceRows).padStart(10)} → ${formatNumber(report.targetRows).padStart(10)}  ` +
          `${report.same ? `✓ checksum ${report.sourceChecksum.slice(0, 12)}` : `✗ differs (${report.sourceChecksum.slice(0, 12)} ≠ ${report.targetChecksum.slice(0, 12)})`}\n`,
      );
    const differ = result.tables.filter((report) => !report.same);
    context.stdout.write(
      differ.length === 0
        ? 'Every table copied and verified. Point DATABASE_URL at the target (and unset DATABASE_PATH) to use it.\n'
        : `${differ.length} table(s) differ: ${differ.map((report) => report.table).join(', ')}. Was the service still writing? Stop it and run again with --resume.\n`,
    );
    return differ.length === 0 ? EXIT.ok : EXIT.failure;
  } catch (error) {
    // A target that is not empty is a choice the person must make: say it as a usage problem.
    if (error instanceof StoreError && /--resume/.test(error.message)) throw new UsageError(error.message);
    throw error;
  }
}
