import type { IncomingMessage, ServerResponse } from 'node:http';

/** Webhook bodies (Slack's, Discord's) are a few kilobytes; anything this big is not from them. */
export const WEBHOOK_BODY_LIMIT_BYTES = 1024 * 1024;

/**
 * The raw body of a request, exact bytes for a signature check, or undefined when it exceeds
 * `limitBytes` (the rest is drained, not buffered).
 */
export function readRequestBody(
  req: IncomingMessage,
  limitBytes = WEBHOOK_BODY_LIMIT_BYTES,
): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limitBytes) chunks.push(chunk);
    });
    req.on('end', () => resolve(size <= limitBytes ? Buffer.concat(chunks) : undefined));
    req.on('error', reject);
  });
}

/** A webhook's raw body; when it is too large, answers 413 itself and resolves undefined. */
export async function readWebhookBody(
  req: IncomingMessage,
  res: ServerResponse,
): Promise<Buffer | undefined> {
  const body = await readRequestBody(req);
  if (body === undefined) res.writeHead(413, { 'content-type': 'text/plain' }).end('request body too large');
  return body;
}
