import { z } from 'zod';
import type { Notice } from '../model/notice.js';
import { DAY_MS } from '../model/time.js';
import { cleanText, parseJson, validate } from './parse.js';
import type { NoticeFetchResult, NoticeSource, SkippedRow, SourceProvider } from './source.js';
import { SourceError } from './types.js';

export interface FederalRegisterOptions {
  apiUrl: string;
  /** Pages followed per poll at most (100 documents each); the API caps a search at 10,000. */
  maxPages?: number;
}

const PER_PAGE = 100;
const FIELDS = ['document_number', 'title', 'abstract', 'html_url', 'publication_date', 'type', 'agencies'];

// The envelope carries `results`, `total_pages` and `next_page_url` only when there are results.
const pageSchema = z.object({
  count: z.number().int().nonnegative(),
  next_page_url: z.string().nullish(),
  results: z.array(z.unknown()).optional(),
});

const documentSchema = z.object({
  document_number: z.string().min(1),
  title: z.string().min(1),
  html_url: z.url().nullish(),
  publication_date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  abstract: z.string().nullish(),
  type: z.string().nullish(),
  // An agency the register could not match to a record has only `raw_name`.
  agencies: z.array(z.object({ name: z.string().nullish(), raw_name: z.string().nullish() })).nullish(),
});

/** US Federal Register documents matching a search term (and agencies), newest first. */
export function createFederalRegisterSource(options: FederalRegisterOptions): NoticeSource {
  const base = options.apiUrl.replace(/\/+$/, '');
  const maxPages = options.maxPages ?? 10;

  return {
    name: 'federal-register',
    kind: 'notice',
    healthKey: () => 'federal-register',
    describe: (request) =>
      `"${request.query ?? ''}"${request.agencies.length > 0 ? ` in ${request.agencies.join(', ')}` : ''}`,

    async fetch(request, context) {
      const since = new Date(context.clock.now() - request.sinceDays * DAY_MS).toISOString().slice(0, 10);
      let url: URL | undefined = new URL(`${base}/api/v1/documents.json`);
      if (request.query) url.searchParams.set('conditions[term]', request.query);
      for (const agency of request.agencies) url.searchParams.append('conditions[agencies][]', agency);
      url.searchParams.set('conditions[publication_date][gte]', since);
      url.searchParams.set('order', 'newest');
      url.searchParams.set('per_page', String(PER_PAGE));
      for (const field of FIELDS) url.searchParams.append('fields[]', field);

      const notices = new Map<string, Notice>();
      const skipped: SkippedRow[] = [];
      for (let page = 1; url && page <= maxPages; page++) {
        const origin = { source: 'federal-register', url: url.toString() };
        const response = await context.http.get(url, { accept: 'application/json', conditional: page === 1 });
        if (response.notModified)
          return { notices: [], skipped, unchanged: 'not modified since the last poll (304)' };
        const answer = validate(
          pageSchema,
          parseJson(response.body, origin),
          origin,
          'a Federal Register search answer',
        );
        if (answer.count > 0 && answer.results === undefined)
          throw new SourceError(
            'federal-register',
            'malformed',
            origin.url,
            `count is ${answer.count} but there are no results`,
          );
        for (const item of answer.results ?? []) {
          const parsed = documentSchema.safeParse(item);
          if (!parsed.success) {
            skipped.push({
              reason: 'document does not match the Federal Register schema',
              detail: parsed.error.issues[0]?.message,
            });
            continue;
          }
          const doc = parsed.data;
          const agencies = [
            ...new Set((doc.agencies ?? []).map((agency) => agency.name ?? agency.raw_name).filter(Boolean)),
          ];
          notices.set(doc.document_number, {
            source: 'federal-register',
            id: doc.document_number,
            title: cleanText(doc.title) ?? doc.document_number,
            // Every document also has a short link, for answers that left html_url out.
            url: doc.html_url ?? `${base}/d/${encodeURIComponent(doc.document_number)}`,
            publishedAt: Date.parse(`${doc.publication_date}T00:00:00Z`),
            agency: agencies.length > 0 ? agencies.join(', ') : null,
            summary: cleanText(doc.abstract) ?? null,
          });
        }
        url = nextPage(answer.next_page_url, base, origin.url);
      }
      return { notices: [...notices.values()], skipped } satisfies NoticeFetchResult;
    },
  };
}

/** The next page on the configured host: the API answers with absolute public URLs (without .json). */
function nextPage(next: string | null | undefined, base: string, from: string): URL | undefined {
  if (!next) return undefined;
  let parsed: URL;
  try {
    parsed = new URL(next, base);
  } catch {
    throw new SourceError(
      'federal-register',
      'malformed',
      from,
      `next_page_url is not a URL: ${next.slice(0, 80)}`,
    );
  }
  if (!parsed.pathname.startsWith('/api/v1/documents'))
    throw new SourceError(
      'federal-register',
      'malformed',
      from,
      `next_page_url leads outside the documents API: ${parsed.pathname}`,
    );
  return new URL(`${parsed.pathname}${parsed.search}`, `${base}/`);
}

/** The US Federal Register: FEDERAL_REGISTER_API_URL. */
export const federalRegisterProvider: SourceProvider = {
  name: 'federal-register',
  kind: 'notice',
  configKeys: ['FEDERAL_REGISTER_API_URL'],
  create: (sources) => createFederalRegisterSource({ apiUrl: sources.federalRegister.apiUrl }),
};
