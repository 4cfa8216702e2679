import type { Writable } from 'node:stream';

/** A terminal stream, as far as drawing a bar needs it. */
export type TerminalStream = Writable & { isTTY?: boolean; columns?: number };

const WIDTH = 24;
const REDRAW_EVERY_MS = 100;
const MB = 1024 * 1024;
const count = new Intl.NumberFormat('en-US');

/**
 * One line on a terminal, redrawn in place: `exports.csv  parsing  [██████░░░░]  41%  20.1/48.9 MB`.
 * Draws at most ten times a second (and on every change of step); `finish` erases it, so what is
 * printed afterwards starts on a clean line. Only for terminals: see `progressBarFor`.
 */
export class ProgressBar {
  private lastDrawAt = Number.NEGATIVE_INFINITY;
  private lastStep = '';
  private drawn = false;

  constructor(
    private readonly stream: TerminalStream,
    private readonly label: string,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** `done` of `total`, in bytes (shown in MB) or items (shown as counts). */
  update(step: string, done: number, total: number, unit: 'bytes' | 'items'): void {
    const at = this.now();
    const finished = done >= total;
    if (step === this.lastStep && !finished && at - this.lastDrawAt < REDRAW_EVERY_MS) return;
    this.lastStep = step;
    this.lastDrawAt = at;
    const fraction = total > 0 ? Math.min(1, done / total) : 1;
    const filled = Math.round(fraction * WIDTH);
    const amount =
      unit === 'bytes'
        ? `${(done / MB).toFixed(1)}/${(total / MB).toFixed(1)} MB`
        : `${count.format(done)}/${count.format(total)}`;
    const line = `${this.label}  ${step.padEnd(8)} [${'█'.repeat(filled)}${'░'.repeat(WIDTH - filled)}] ${String(Math.floor(fraction * 100)).padStart(3)}%  ${amount}`;
    const columns = this.stream.columns || 80;
    this.stream.write(`\r\x1b[K${[...line].slice(0, Math.max(20, columns - 1)).join('')}`);
    this.drawn = true;
  }

  /** Erases the bar. */
  finish(): void {
    if (this.drawn) this.stream.write('\r\x1b[K');
    this.drawn = false;
  }
}

/** A bar on `stream` when it is a terminal; none when output goes to a file, a pipe or a log. */
export function progressBarFor(stream: TerminalStream, label: string): ProgressBar | undefined {
  return stream.isTTY === true ? new ProgressBar(stream, label) : undefined;
}
