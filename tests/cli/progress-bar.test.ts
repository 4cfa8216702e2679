import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { ProgressBar, progressBarFor, type TerminalStream } from '../../src/cli/progress-bar.js';
import { Capture } from '../helpers/capture.js';

function terminal(columns = 100): Capture & TerminalStream {
  return Object.assign(new Capture(), { isTTY: true, columns });
}

/** What the terminal shows after each redraw: the text after the last "erase line". */
const frames = (stream: Capture) =>
  stream.text
    .split('\r\x1b[K')
    .slice(1)
    .map((frame) => frame.trim());

describe('import progress bar', () => {
  it('draws one line in place with the step, a bar, the percentage and the amount', () => {
    const stream = terminal();
    let now = 0;
    const bar = new ProgressBar(stream, 'exports.csv', () => now);
    bar.update('parsing', 2 * 1024 * 1024, 4 * 1024 * 1024, 'bytes');
    now += 500;
    bar.update('storing', 1_500, 3_000, 'items');
    expect(frames(stream)).toEqual([
      'exports.csv  parsing  [████████████░░░░░░░░░░░░]  50%  2.0/4.0 MB',
      'exports.csv  storing  [████████████░░░░░░░░░░░░]  50%  1,500/3,000',
    ]);
    expect(stream.text).not.toContain('\n');
  });

  it('redraws at most ten times a second, but always for a new step and at the end', () => {
    const stream = terminal();
    let now = 0;
    const bar = new ProgressBar(stream, 'big.csv', () => now);
    bar.update('rows', 1, 100, 'items');
    now += 10;
    bar.update('rows', 2, 100, 'items'); // too soon: skipped
    bar.update('storing', 0, 100, 'items'); // a new step: drawn
    now += 10;
    bar.update('storing', 100, 100, 'items'); // the end: drawn
    expect(frames(stream).map((frame) => frame.split('[')[0]?.trim())).toEqual([
      'big.csv  rows',
      'big.csv  storing',
      'big.csv  storing',
    ]);
    expect(frames(stream).at(-1)).toContain('100%  100/100');
  });

  it('fits the terminal width and erases itself when done', () => {
    const stream = terminal(30);
    const bar = new ProgressBar(stream, 'a-very-long-file-name.csv', () => 0);
    bar.update('reading', 1, 2, 'bytes');
    expect([...(frames(stream)[0] ?? '')].length).toBeLessThanOrEqual(29);
    bar.finish();
    expect(stream.text.endsWith('\r\x1b[K')).toBe(true);
  });

  it('is not drawn when the output is not a terminal (a pipe, a file, a log)', () => {
    expect(progressBarFor(new PassThrough(), 'x.csv')).toBeUndefined();
    expect(progressBarFor(terminal(), 'x.csv')).toBeInstanceOf(ProgressBar);
  });
});
