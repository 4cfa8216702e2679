import { basename } from 'node:path';
import { parseArgs } from 'node:util';
import {
  IMPORT_FORMATS,
  ImportError,
  type ImportFormat,
  type ImportPhase,
  type ImportProgress,
  type importFile,
} from '../sources/file-import.js';
import { type CliContext, configure } from './context.js';
import { EXIT, UsageError } from './errors.js';
import { suggestedWatchlists } from './import-watchlists.js';
import { openApp } from './open-app.js';
import { evaluateAndReport } from './poll.js';
import { progressBarFor } from './progress-bar.js';

const STEPS: Record<ImportPhase, string> = {
  read: 'reading',
  parse: 'parsing',
  rows: 'rows',
  store: 'storing',
};

/**
 * `ree-watch import <file> --format gacc|csv [--flow export|import]`: stores a downloaded file's
 * months as observations and says how many rows were read, stored, unchanged, revised and skipped;
 * then evaluates the watchlists and delivers what crossed a threshold, as a poll does, and prints the
 * watchlist to add when none reads the imported series.
 */
export async function importCommand(context: CliContext): Promise<number> {
  const { values, positionals } = parseArgs({
    args: context.argv,
    options: { format: { type: 'string' }, flow: { type: 'string', default: 'export' } },
    allowPositionals: true,
  });
  const [file, ...extra] = positionals;
  if (!file || extra.length > 0)
    throw new UsageError('import needs one file, e.g. ree-watch import exports.csv --format gacc');
  const format = values.format;
  if (!format || !(IMPORT_FORMATS as readonly string[]).includes(format))
    throw new UsageError(
      `import needs --format ${IMPORT_FORMATS.join(' or ')} (gacc: a China customs export, GBK; csv: period,reporter,partner,hs,value,unit)`,
    );
  const flow = values.flow;
  if (flow !== 'export' && flow !== 'import')
    throw new UsageError(`--flow must be export or import, not "${flow}"`);

  const { config, logger } = configure(context, context.env.LOG_LEVEL ? {} : { logLevel: 'warn' });
  const app = await openApp(context, config, logger);
  // The CSV and GBK decoders load only for this command, not for every start of the CLI.
  const { importFile } = await import('../sources/file-import.js');
  // A large file takes a while: show how far it got, on a terminal only (never in a log or pipe).
  const bar = progressBarFor(context.stderr, basename(file));
  const progress: ImportProgress | undefined =
    bar &&
    ((phase, done, total) =>
      bar.update(STEPS[phase], done, total, phase === 'read' || phase === 'parse' ? 'bytes' : 'items'));
  try {
    let report: Awaited<ReturnType<typeof importFile>>;
    try {
      report = await importFile(
        file,
        {
          format: format as ImportFormat,
          flow,
          fetchedAt: app.clock.now(),
          ...(progress ? { progress } : {}),
        },
        app.storage.observations,
      );
      await app.storage.refreshStatistics(report.observations);
    } catch (error) {
      if (error instanceof ImportError) throw new UsageError(error.message);
      throw error;
    } finally {
      bar?.finish();
    }
    const skipped = report.skipped.reduce((sum, row) => sum + row.count, 0);
    context.stdout.write(
      `${file} (${report.format}, ${report.encoding}): ${report.rowsRead} rows read, ${report.observations} observations, ${skipped} rows skipped\n`,
    );
    for (const row of report.skipped) context.stdout.write(`  skipped ${row.count} × ${row.reason}\n`);
    for (const series of report.series) {
      const { key } = series;
      const summary = await app.storage.observations.summary(key);
      context.stdout.write(
        `${key.source} ${key.reporter}→${key.partner} ${key.flow} ${key.hs} ${key.unit}: ${series.stored.length} stored, ` +
          `${series.unchanged.length} unchanged, ${series.revised.length} revised, latest ${summary.latest ?? '-'}\n`,
      );
    }
    if (report.observations === 0) return EXIT.failure;
    const missing = suggestedWatchlists(
      report.series.map((series) => series.key),
      app.watchlists,
    );
    if (missing.length > 0)
      context.stdout.write(
        `no watchlist in ${config.watchlistsFile} reads ${missing.length === 1 ? 'this series' : 'these series'}, so ` +
          'nothing can alert on them; add this to the file, then run ree-watch poll --source ' +
          `${report.series[0]?.key.source ?? format}:\n${missing.join('\n')}\n`,
      );
    // Evaluated and delivered now, as a poll is: an import that crosses a threshold alerts at once.
    await evaluateAndReport(app, context);
    return EXIT.ok;
  } finally {
    await app.stop();
  }
}
