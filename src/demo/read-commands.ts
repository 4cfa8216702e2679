import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';

/**
 * Reads `/ree …` lines from `input` and answers each in the order typed (a prompt when the input
 * is a terminal); resolves once the input ends and every answer is printed. `answer` gets the text
 * after `/ree`, as a slash command's text is.
 */
export function readCommands(
  input: Readable,
  out: Writable,
  answer: (text: string) => Promise<void>,
): Promise<void> {
  const prompt = () => {
    if ((input as { isTTY?: boolean }).isTTY === true) out.write('ree> ');
  };
  const readline = createInterface({ input, terminal: false });
  let queue: Promise<void> = Promise.resolve();
  readline.on('line', (line) => {
    if (line.trim() === '') return;
    const text = line
      .trim()
      .replace(/^\/ree\b/i, '')
      .trim();
    queue = queue
      .then(() => answer(text))
      .catch((error: unknown) => {
        out.write(
          `could not answer "/ree ${text}": ${error instanceof Error ? error.message : String(error)}\n`,
        );
      })
      .then(prompt);
  });
  prompt();
  return new Promise((resolve) => {
    readline.on('close', () => {
      void queue.then(resolve);
    });
  });
}
