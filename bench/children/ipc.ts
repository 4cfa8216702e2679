import type { ChildMessage } from '../lib/child.js';

/** The child's side of the IPC channel: one handler per message type; failures go back as `error`. */
export function serve(
  handlers: Record<string, (message: ChildMessage) => Promise<ChildMessage | undefined>>,
): void {
  process.on('message', (raw) => {
    const message = raw as ChildMessage;
    const handler = handlers[message.type];
    if (!handler) {
      reply({ type: 'error', message: `no handler for "${message.type}"` });
      return;
    }
    handler(message).then(
      (answer) => {
        if (answer) reply(answer);
      },
      (error: unknown) =>
        reply({
          type: 'error',
          message: error instanceof Error ? (error.stack ?? error.message) : String(error),
        }),
    );
  });
}

export function reply(message: ChildMessage): void {
  process.send?.(message);
}

/** CPU time (user + system) this process has used so far, in ms. */
export function cpuMs(): number {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1000;
}

/** Current RSS, the peak so far, and how much of it is the JavaScript heap, in bytes. */
export function memory(): { rss: number; maxRss: number; heapUsed: number; heapTotal: number } {
  const { rss, heapUsed, heapTotal } = process.memoryUsage();
  return { rss, maxRss: process.resourceUsage().maxRSS * 1024, heapUsed, heapTotal };
}
