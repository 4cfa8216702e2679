import type { Reply } from '../render/reply.js';
import type { CommandCatalog, CommandDefinition, CommandOption, CommandUsage } from './command.js';

export type { CommandUsage } from './command.js';

/** How one platform writes commands; the adapter passes its own with each command it hands over. */
export interface UsageSyntax {
  /** One command with its arguments, e.g. `/ree mute china-india-magnets 7d`. */
  example(usage: CommandUsage, catalog: CommandCatalog): string;
  /** What a command takes, e.g. `/ree mute <watchlist…> <duration>`. */
  synopsis(definition: CommandDefinition): string;
  /** One of its options as typed: `<country>` or `--days` in free text, `days` on Discord. */
  option(option: CommandOption): string;
  /** Another name for a command, or nothing where the platform has no aliases (the line is left out). */
  alias(name: string): string;
}

// Reply text is plain strings; a usage travels inside one between these two private-use characters,
// which user input never carries (src/text/echo.ts removes them), until `renderUsages` writes it.
const OPEN = '\uE000';
const CLOSE = '\uE001';
const MARKED = /\uE000([^\uE000\uE001]*)\uE001/g;

type Marked =
  | { usage: CommandUsage }
  | { synopsis: string }
  | { option: { command: string; name: string } }
  | { alias: string };

/** A command to type, inside reply text: `Try ${usage('country', { country: 'india' })}`. */
export function usage(command: string, args?: Readonly<Record<string, string>>): string {
  return mark({ usage: args ? { command, args } : { command } });
}

/** What a command takes, inside reply text (`/ree help mute` heads with it). */
export function synopsis(command: string): string {
  return mark({ synopsis: command });
}

/** One option of a command, inside reply text (`/ree help <command>` lists them). */
export function optionName(command: string, name: string): string {
  return mark({ option: { command, name } });
}

/** Another name a command answers to, inside reply text; a line holding only this is left out where aliases do not exist. */
export function alias(name: string): string {
  return mark({ alias: name });
}

const mark = (marked: Marked) => `${OPEN}${JSON.stringify(marked)}${CLOSE}`;

/** Free text, as Slack and the console take it: positional values in order, then `--flag value`. */
export const TEXT_SYNTAX: UsageSyntax = {
  example({ command, args = {} }, catalog) {
    const definition = catalog.get(command);
    if (!definition) return ['/ree', command, ...Object.values(args)].join(' ');
    const options = definition.options.filter((option) => args[option.name] !== undefined);
    const words = [
      ...options.filter((option) => option.positional !== false).map((option) => args[option.name]),
      ...options
        .filter((option) => option.positional === false)
        .map((option) =>
          option.type === 'boolean' ? `--${option.name}` : `--${option.name} ${args[option.name]}`,
        ),
    ];
    // `/ree india` rather than `/ree country india`, unless the first word would read as a command.
    const implied = catalog.fallback === definition.name && words[0] !== undefined && !catalog.get(words[0]);
    return ['/ree', ...(implied ? [] : [definition.name]), ...words].join(' ');
  },
  synopsis: (definition) => `/ree ${definition.usage}`,
  option: (option) => (option.positional === false ? `--${option.name}` : `<${option.name}>`),
  alias: (name) => `/ree ${name}`,
};

/**
 * Writes every usage in a reply in one platform's syntax; a malformed marker is dropped, never shown.
 * A line that was only markers and writes as nothing is left out, and so is a section left empty.
 */
export function renderUsages(reply: Reply, syntax: UsageSyntax, catalog: CommandCatalog): Reply {
  const write = (text: string) =>
    text.includes(OPEN) || text.includes(CLOSE)
      ? text
          .replace(MARKED, (_all, json: string) => writeOne(json, syntax, catalog))
          .replace(/[\uE000\uE001]/g, '')
      : text;
  const sections = reply.sections.flatMap((section) => {
    const lines = section.lines.flatMap((line) => {
      const written = write(line);
      return written.trim() === '' && line.trim() !== '' ? [] : [written];
    });
    if (lines.length === 0 && section.lines.length > 0) return [];
    return [
      { ...section, ...(section.heading === undefined ? {} : { heading: write(section.heading) }), lines },
    ];
  });
  const rendered: Reply = { ...reply, title: write(reply.title), sections };
  if (reply.fields) rendered.fields = reply.fields.map((field) => ({ ...field, value: write(field.value) }));
  if (reply.footer !== undefined) rendered.footer = write(reply.footer);
  return rendered;
}

function writeOne(json: string, syntax: UsageSyntax, catalog: CommandCatalog): string {
  let marked: Marked;
  try {
    marked = JSON.parse(json) as Marked;
  } catch {
    return '';
  }
  if ('synopsis' in marked) {
    const definition = catalog.get(marked.synopsis);
    return definition ? syntax.synopsis(definition) : `/ree ${marked.synopsis}`;
  }
  if ('option' in marked) {
    const { command, name } = marked.option;
    const option = catalog.get(command)?.options.find((item) => item.name === name);
    return option ? syntax.option(option) : name;
  }
  if ('alias' in marked) return syntax.alias(marked.alias);
  return syntax.example(marked.usage, catalog);
}
