/** A command's arguments after parsing, whether they came from free text or typed options. */
export interface CommandArgs {
  /** Positional words, in order, quotes removed. */
  positional: string[];
  /** `--name value` flags (free text) or non-positional typed options (Discord). */
  flags: Record<string, string>;
}

/** The longest input worth parsing; anything beyond is ignored rather than processed. */
export const MAX_INPUT_LENGTH = 2_000;

/**
 * Splits command text into words: whitespace separates, "double" or 'single' quotes group, and
 * `--flag value` / `--flag=value` become flags. Unbalanced quotes are treated as closed at the end.
 */
export function tokenize(text: string): string[] {
  const tokens: string[] = [];
  let current = '';
  let quote: string | null = null;
  let inToken = false;
  for (const char of text.slice(0, MAX_INPUT_LENGTH)) {
    if (quote) {
      if (char === quote) quote = null;
      else current += char;
      continue;
    }
    if (char === '"' || char === "'" || char === '“' || char === '”') {
      quote = char === '“' ? '”' : char;
      inToken = true;
      continue;
    }
    if (/\s/u.test(char)) {
      if (inToken) tokens.push(current);
      current = '';
      inToken = false;
      continue;
    }
    current += char;
    inToken = true;
  }
  if (inToken) tokens.push(current);
  return tokens;
}

export function parseArgs(tokens: readonly string[]): CommandArgs {
  const positional: string[] = [];
  const flags: Record<string, string> = {};
  for (let index = 0; index < tokens.length; index++) {
    const token = tokens[index] ?? '';
    const flag = /^--([a-z][\w-]*)(?:=(.*))?$/i.exec(token);
    if (!flag) {
      positional.push(token);
      continue;
    }
    const name = (flag[1] ?? '').toLowerCase();
    if (flag[2] !== undefined) flags[name] = flag[2];
    else {
      const next = tokens[index + 1];
      if (next !== undefined && !next.startsWith('--')) {
        flags[name] = next;
        index++;
      } else flags[name] = 'true';
    }
  }
  return { positional, flags };
}
