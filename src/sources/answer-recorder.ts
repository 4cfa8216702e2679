import { mkdirSync, writeFileSync } from 'node:fs';
import type { IncomingHttpHeaders } from 'node:http';
import { join } from 'node:path';
import { createSecretScrubber, credentialsIn, redactUrl } from '../redact.js';

/** One raw answer as a source received it. */
export interface RecordedAnswer {
  source: string;
  url: URL;
  /** Epoch ms when the answer arrived. */
  at: number;
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

/** Headers that carry credentials or session state, never written to a recording. */
const PRIVATE_HEADERS = new Set(['set-cookie', 'authorization', 'ocp-apim-subscription-key']);

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * `ree-watch poll --record DIR`: every answer of the poll (status, headers, body) with its URL and
 * time, one JSON file each, secrets redacted from the URL, the headers and the body, so a maintainer
 * with internet can turn today's real answers into fixtures (README, "Recording real answers").
 */
export class AnswerRecorder {
  private count = 0;
  private readonly scrub: (text: string) => string;

  constructor(
    readonly dir: string,
    secrets: readonly string[],
  ) {
    mkdirSync(dir, { recursive: true });
    this.scrub = createSecretScrubber(secrets);
  }

  get recorded(): number {
    return this.count;
  }

  record(answer: RecordedAnswer): void {
    this.count++;
    const scrub = (text: string) => createSecretScrubber(credentialsIn(answer.url))(this.scrub(text));
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(answer.headers)) {
      if (value === undefined || PRIVATE_HEADERS.has(name)) continue;
      headers[name] = scrub(Array.isArray(value) ? value.join(', ') : value);
    }
    let text: string | undefined;
    try {
      text = strictUtf8.decode(answer.body);
    } catch {
      text = undefined;
    }
    const entry = {
      source: answer.source,
      url: scrub(redactUrl(answer.url)),
      receivedAt: new Date(answer.at).toISOString(),
      status: answer.status,
      headers,
      // Text as received (secrets redacted); other bytes (GBK pages, gzip that failed) as base64.
      ...(text === undefined
        ? { bodyBase64: Buffer.from(scrub(answer.body.toString('latin1')), 'latin1').toString('base64') }
        : { body: scrub(text) }),
    };
    const name = `${String(this.count).padStart(4, '0')}-${answer.source}-${answer.status}.json`;
    writeFileSync(join(this.dir, name), `${JSON.stringify(entry, null, 2)}\n`);
  }
}
