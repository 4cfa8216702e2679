import { copyFileSync, existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, posix } from 'node:path';

/** One Dockerfile instruction: its keyword and the rest of its (continued) line. */
export interface Instruction {
  keyword: string;
  args: string;
}

/** Instructions in order: comments dropped, `\` continuations joined (comment lines inside them too). */
export function parseDockerfile(text: string): Instruction[] {
  const instructions: Instruction[] = [];
  let pending = '';
  for (const raw of text.split('\n')) {
    const line = raw.trimEnd();
    if (/^\s*#/.test(line) || (line.trim() === '' && pending === '')) continue;
    const continued = line.endsWith('\\');
    pending += `${continued ? line.slice(0, -1) : line} `;
    if (continued) continue;
    const match = /^\s*(\w+)\s+(.*)$/.exec(pending.trim());
    if (!match) throw new Error(`not a Dockerfile instruction: ${pending.trim()}`);
    instructions.push({ keyword: (match[1] as string).toUpperCase(), args: (match[2] as string).trim() });
    pending = '';
  }
  return instructions;
}

/** Words as a POSIX shell splits a simple command: whitespace outside quotes, quotes removed. */
export function shellWords(text: string): string[] {
  const words: string[] = [];
  for (const match of text.matchAll(/"((?:[^"\\]|\\.)*)"|'([^']*)'|(\S+)/g))
    words.push(match[1] !== undefined ? match[1].replace(/\\(.)/g, '$1') : (match[2] ?? match[3] ?? ''));
  return words;
}

/** The exec form `["node", "…"]` as argv; the shell form is refused (it would put a shell before node). */
export function execForm(args: string): string[] {
  const parsed: unknown = JSON.parse(args);
  if (!Array.isArray(parsed) || !parsed.every((word) => typeof word === 'string'))
    throw new Error(`expected the exec form ["program", "arg", …], got ${args}`);
  return parsed;
}

/** `ENV A=1 B="two words"` as an object. */
export function envPairs(args: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const word of shellWords(args)) {
    const at = word.indexOf('=');
    if (at <= 0) throw new Error(`ENV ${args}: only the KEY=value form is replayed`);
    env[word.slice(0, at)] = word.slice(at + 1);
  }
  return env;
}

/**
 * The build context's .dockerignore as Docker reads it: patterns relative to the context root
 * (`*.db` is the root's only, `**` crosses folders), `!` re-includes, the last matching pattern wins,
 * and a path is excluded when it or a folder above it is.
 */
export function dockerIgnore(text: string): (path: string) => boolean {
  const patterns = text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'))
    .map((line) => {
      const negated = line.startsWith('!');
      const pattern = posix.normalize(negated ? line.slice(1).trim() : line).replace(/^\/+|\/+$/g, '');
      return { negated, regex: globRegex(pattern) };
    });
  return (path) => {
    const parts = path.split('/');
    const prefixes = parts.map((_, index) => parts.slice(0, index + 1).join('/'));
    let excluded = false;
    for (const { negated, regex } of patterns)
      if (prefixes.some((prefix) => regex.test(prefix))) excluded = !negated;
    return excluded;
  };
}

function globRegex(pattern: string): RegExp {
  let source = '';
  for (let i = 0; i < pattern.length; i++) {
    const char = pattern[i] as string;
    if (char === '*' && pattern[i + 1] === '*') {
      const slash = pattern[i + 2] === '/';
      source += slash ? '(?:.*/)?' : '.*';
      i += slash ? 2 : 1;
    } else if (char === '*') source += '[^/]*';
    else if (char === '?') source += '[^/]';
    else source += char.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${source}$`);
}

/**
 * What `COPY <sources…> <dest>` puts in the image, copied from the build context into `imageDest`
 * (the destination already mapped to the replay's folder): a folder's contents, or files, minus what
 * .dockerignore excludes. Returns the context paths copied; a source with nothing to copy throws, as
 * `docker build` fails on it.
 */
export function copyFromContext(
  context: string,
  sources: readonly string[],
  imageDest: string,
  ignored: (path: string) => boolean,
): string[] {
  const copied: string[] = [];
  const intoFolder = sources.length > 1 || imageDest.endsWith('/');
  for (const source of sources) {
    const relative = posix.normalize(source).replace(/^\.?\/+|\/+$/g, '');
    const from = join(context, relative);
    if (!existsSync(from) || ignored(relative)) throw new Error(`COPY ${source}: not in the build context`);
    if (statSync(from).isDirectory()) {
      for (const entry of readdirSync(from, { recursive: true, withFileTypes: true })) {
        if (!entry.isFile()) continue;
        const path = posix.join(relative, join(entry.parentPath, entry.name).slice(from.length + 1));
        if (ignored(path)) continue;
        const to = join(imageDest, path.slice(relative.length + 1));
        mkdirSync(dirname(to), { recursive: true });
        copyFileSync(join(context, path), to);
        copied.push(path);
      }
    } else {
      const to = intoFolder ? join(imageDest, posix.basename(relative)) : imageDest;
      mkdirSync(dirname(to), { recursive: true });
      copyFileSync(from, to);
      copied.push(relative);
    }
  }
  return copied;
}
