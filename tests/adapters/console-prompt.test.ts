import { PassThrough } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import type { CommandHandler } from '../../adapters/chat-adapter.js';
import { ConsoleAdapter } from '../../adapters/console/console-adapter.js';
import { createLogger } from '../../src/logger.js';
import { reply } from '../../src/render/reply.js';
import { Capture } from '../helpers/capture.js';

/**
 * The lines a terminal shows for what was written to it: `\r` returns to the line's start, `ESC [K`
 * erases to its end, other escape sequences (colours) are dropped.
 */
function screen(written: string): string[] {
  const lines: string[] = [];
  let line = '';
  let cursor = 0;
  // biome-ignore lint/suspicious/noControlCharactersInRegex: terminal escape sequences are what is parsed
  for (const [token] of written.matchAll(/\x1b\[[0-9;]*[A-Za-z]|[\s\S]/g)) {
    if (token === '\n') {
      lines.push(line);
      line = '';
      cursor = 0;
    } else if (token === '\r') cursor = 0;
    else if (token === '\x1b[K') line = line.slice(0, cursor);
    else if (!token.startsWith('\x1b')) {
      line = line.slice(0, cursor) + token + line.slice(cursor + 1);
      cursor++;
    }
  }
  return [...lines, line];
}

const started: ConsoleAdapter[] = [];
afterEach(async () => {
  for (const adapter of started.splice(0)) await adapter.stop();
});

const answer: CommandHandler = async () => reply('ree-watch commands', ['/ree help']);

async function promptOn(terminal: Capture): Promise<{ adapter: ConsoleAdapter; input: PassThrough }> {
  const input = new PassThrough();
  const adapter = new ConsoleAdapter({
    input,
    output: terminal,
    channel: 'console',
    onCommand: answer,
    prompt: true,
  });
  started.push(adapter);
  await adapter.start();
  return { adapter, input };
}

describe('the console prompt on a terminal shared with the log', () => {
  it('puts a multi-line log entry on lines of its own and draws the prompt again below it', async () => {
    const terminal = new Capture();
    await promptOn(terminal);
    const logger = createLogger({ level: 'info', secrets: [], pretty: true, destination: terminal });
    logger.info({ source: 'comtrade', series: 6 }, 'poll finished');
    await new Promise((resolve) => setTimeout(resolve, 50));

    const lines = screen(terminal.text);
    expect(lines.some((line) => line.startsWith('ree> ['))).toBe(false);
    expect(lines[0]).toMatch(/^\[\d\d:\d\d:\d\d\] INFO.*: poll finished$/);
    expect(lines.slice(1, 3).map((line) => line.trim())).toEqual(['source: "comtrade"', 'series: 6']);
    expect(lines.at(-1)).toBe('ree> ');
  });

  it('prints an alert below the prompt’s line, not after "ree> ", and offers the prompt again', async () => {
    const terminal = new Capture();
    const { adapter } = await promptOn(terminal);
    await adapter.send('console', { text: 'Rare-earth watch: 1 series fell' });

    expect(screen(terminal.text)).toEqual(['', '── #console ──', 'Rare-earth watch: 1 series fell', 'ree> ']);
  });

  it('leaves the answer to a typed command as it was: the prompt returns only after it', async () => {
    const terminal = new Capture();
    const { adapter, input } = await promptOn(terminal);
    input.write('/ree help\n');
    await new Promise((resolve) => setTimeout(resolve, 20));
    await adapter.idle();

    // The terminal echoed the typed line itself; what ree-watch wrote is the answer and a new prompt.
    expect(terminal.text).toBe(`ree> ree-watch commands\n──────────────────\n/ree help\n\nree> `);
  });
});
