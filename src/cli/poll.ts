import { parseArgs } from 'node:util';
import type { App } from '../app.js';
import { summarizeIngest } from '../pipeline/ingest-summary.js';
import { AnswerRecorder } from '../sources/answer-recorder.js';
import { IMPORT_ONLY_SOURCES, POLLED_SOURCES } from '../sources/requests.js';
import { type CliContext, configure } from './context.js';
import { EXIT, UsageError } from './errors.js';
import { openApp } from './open-app.js';

/** The recorder of `--record DIR`; a folder that cannot be made is a usage error, in one line. */
function recorderIn(dir: string, secrets: readonly string[]): AnswerRecorder {
  if (dir.trim() === '') throw new UsageError('--record needs a folder: ree-watch poll --record answers/');
  try {
    return new AnswerRecorder(dir, secrets);
  } catch (error) {
    throw new UsageError(`--record ${dir}: cannot write there (${(error as Error).message})`);
  }
}

/**
 * `ree-watch poll [--source NAME] [--record DIR]`: fetch and store now, print one line per series or list, then evaluate
 * the watchlists and deliver alerts; exit 1 if a source failed.
 */
export async function pollCommand(context: CliContext): Promise<number> {
  const { values } = parseArgs({
    args: context.argv,
    options: { source: { type: 'string' }, record: { type: 'string' } },
    allowPositionals: false,
  });
  const source = values.source;
  const imported = source !== undefined && IMPORT_ONLY_SOURCES.includes(source);
  if (source !== undefined && !imported && !(POLLED_SOURCES as readonly string[]).includes(source))
    throw new UsageError(
      `unknown source "${source}"; choose one of ${[...POLLED_SOURCES, ...IMPORT_ONLY_SOURCES].join(', ')}`,
    );
  // stdout carries the summary; the log (stderr) stays quiet unless LOG_LEVEL asks for more.
  const { config, logger } = configure(context, context.env.LOG_LEVEL ? {} : { logLevel: 'warn' });
  const app = await openApp(context, config, logger);
  const recorder = values.record === undefined ? undefined : recorderIn(values.record, config.secrets);
  try {
    if (imported) return await evaluateImported(app, source, context);
    const report = await app.poll({ source, force: true, recorder });
    const recorded = () => {
      if (recorder)
        context.stdout.write(
          `${recorder.recorded} raw answers saved in ${recorder.dir} (secrets redacted)\n`,
        );
    };
    if (report.requests.length === 0) {
      context.stdout.write(
        `no watchlist in ${config.watchlistsFile} polls ${source ?? 'any source'}; nothing to do\n`,
      );
      return EXIT.ok;
    }
    for (const line of summarizeIngest(report)) context.stdout.write(`${line}\n`);
    recorded();
    // Then what the engine makes of it: alerts to the subscribed channels (the console prints them).
    // Waits for what becomes due within 5 s: Slack takes a channel's messages 1 a second, so a split
    // digest and the charts after it (at most 3) are sent by this run, not left for the next one.
    await app.evaluateAndDeliver({ waitUpToMs: 5_000 });
    return report.failed ? EXIT.failure : EXIT.ok;
  } finally {
    await app.stop();
  }
}

/**
 * `poll --source csv|gacc`: nothing to fetch (their months arrive with `ree-watch import`), so the
 * stored months are evaluated and what crossed a threshold is delivered.
 */
async function evaluateImported(app: App, source: string, context: CliContext): Promise<number> {
  const reading = app.watchlists.filter(
    (watchlist) => watchlist.kind === 'trade' && watchlist.source === source,
  );
  context.stdout.write(
    `${source} is not fetched: its months arrive with ree-watch import <file> --format ${source}. ` +
      `${reading.length} watchlist${reading.length === 1 ? '' : 's'} read${reading.length === 1 ? 's' : ''} them` +
      `${reading.length > 0 ? ` (${reading.map((watchlist) => watchlist.id).join(', ')})` : ''}; evaluating what is stored.\n`,
  );
  await evaluateAndReport(app, context);
  return EXIT.ok;
}

/** Evaluates the stored data and delivers what is due (as a poll does), then says so in one line. */
export async function evaluateAndReport(app: App, context: CliContext): Promise<void> {
  const { cycle, delivery } = await app.evaluateAndDeliver({ waitUpToMs: 5_000 });
  const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`;
  context.stdout.write(
    `evaluated ${plural(cycle.watchlists, 'watchlist')}: ${plural(cycle.notifications, 'alert')} for subscribed channels, ${plural(delivery.delivered, 'message')} delivered\n`,
  );
}
