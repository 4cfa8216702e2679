import { type Readable, Transform, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';

/** Thrown while streaming when an answer passes the size limit; the connection is dropped at once. */
export class BodyTooLargeError extends Error {
  constructor(readonly limit: number) {
    super(`the answer is larger than ${formatBytes(limit)}`);
    this.name = 'BodyTooLargeError';
  }
}

/** Thrown when a compressed body cannot be decoded (corrupt or cut off). */
export class BodyDecodeError extends Error {
  constructor(encoding: string, cause: unknown) {
    super(`the ${encoding} body is corrupt or cut off`, { cause });
    this.name = 'BodyDecodeError';
  }
}

function decoderFor(encoding: string): Transform | undefined {
  switch (encoding) {
    case 'gzip':
    case 'x-gzip':
      return createGunzip();
    case 'br':
      return createBrotliDecompress();
    case 'deflate':
      return createInflate();
    default:
      return undefined;
  }
}

/**
 * Reads a body into memory, refusing it as soon as more than `limit` bytes arrive on the wire or
 * come out of the decompressor (so neither a 2 GB answer nor a zip bomb is ever buffered).
 */
export async function readBody(
  body: Readable,
  contentEncoding: string | undefined,
  limit: number,
  signal?: AbortSignal,
): Promise<Buffer> {
  const encoding = (contentEncoding ?? 'identity').trim().toLowerCase();
  const decoder = decoderFor(encoding);
  // Most answers are not compressed: read the chunks directly, without a stream pipeline per request.
  if (!decoder) return readPlain(body, limit, signal);
  let wire = 0;
  let decoded = 0;
  const chunks: Buffer[] = [];
  const countWire = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      wire += chunk.length;
      if (wire > limit) callback(new BodyTooLargeError(limit));
      else callback(null, chunk);
    },
  });
  const collect = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      decoded += chunk.length;
      if (decoded > limit) {
        callback(new BodyTooLargeError(limit));
        return;
      }
      chunks.push(chunk);
      callback();
    },
  });
  try {
    await pipeline(body, countWire, decoder, collect, { signal });
  } catch (error) {
    const code = (error as { code?: string }).code ?? '';
    if (code.startsWith('Z_')) throw new BodyDecodeError(encoding, error);
    if (code === 'ERR_STREAM_PREMATURE_CLOSE' && !(error instanceof BodyTooLargeError))
      throw new BodyDecodeError(encoding, error);
    throw error;
  }
  return Buffer.concat(chunks);
}

async function readPlain(body: Readable, limit: number, signal?: AbortSignal): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  // Leaving the loop by a throw destroys the stream, dropping the connection.
  for await (const chunk of body as AsyncIterable<Buffer>) {
    signal?.throwIfAborted();
    size += chunk.length;
    if (size > limit) throw new BodyTooLargeError(limit);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks, size);
}

/**
 * A short, safe description of an error answer: its JSON message, HTML title, or first words.
 * `scrub` removes what the request sent (an API key a server quotes back) before anything is cut.
 */
export function describeErrorBody(
  body: Buffer,
  contentType: string | undefined,
  scrub: (text: string) => string = (text) => text,
): string {
  const text = scrub(body.subarray(0, 4096).toString('utf8')).trim();
  if (text === '') return '';
  if (/json/i.test(contentType ?? '') || text.startsWith('{')) {
    try {
      const parsed = JSON.parse(text) as Record<string, unknown>;
      for (const key of ['message', 'error', 'errors', 'detail']) {
        const value = parsed[key];
        if (typeof value === 'string' && value !== '') return clip(value);
        if (value && typeof value === 'object') return clip(JSON.stringify(value));
      }
    } catch {
      // not JSON after all; fall through to plain text
    }
  }
  const title = /<title[^>]*>([^<]*)<\/title>/i.exec(text)?.[1];
  if (title) return clip(`an HTML page titled "${title.trim()}"`);
  return clip(text.replace(/<[^>]+>/g, ' '));
}

const clip = (text: string): string => {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > 160 ? `${flat.slice(0, 157)}...` : flat;
};

export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${Math.round((bytes / 1024 / 1024) * 10) / 10} MiB`;
  if (bytes >= 1024) return `${Math.round(bytes / 1024)} KiB`;
  return `${bytes} bytes`;
}
