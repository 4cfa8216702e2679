import { parseArgs } from 'node:util';
import { App } from '../app.js';
import { summarizeIngest } from '../pipeline/ingest-summary.js';
import { AnswerRecorder } from '../sources/answer-recorder.js';
import { POLLED_SOURCES } from '../sources/requests.js';
import { type CliContext, configure } from './context.js';
import { EXIT, UsageError } from './errors.js';

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
  if (source !== undefined && !(POLLED_SOURCES as readonly string[]).includes(source)) {
    const hint =
      source === 'gacc' || source === 'csv'
        ? `; ${source} data is imported: ree-watch import <file> --format ${source}`
        : '';
    throw new UsageError(`unknown source "${source}"; choose one of ${POLLED_SOURCES.join(', ')}${hint}`);
  }
  // stdout carries the summary; the log (stderr) stays quiet unless LOG_LEVEL asks for more.
  const { config, logger } = configure(context, context.env.LOG_LEVEL ? {} : { logLevel: 'warn' });
  const app = await App.open({
    config,
    logger,
    clock: context.clock,
    stdin: context.stdin,
    stdout: context.stdout,
  });
  const recorder = values.record === undefined ? undefined : recorderIn(values.record, config.secrets);
  try {
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
