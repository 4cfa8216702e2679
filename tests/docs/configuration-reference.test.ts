import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { renderConfigurationReference } from '../../scripts/configuration-reference.js';
import { CONFIG_KEYS } from '../../src/config.js';

/** Table padding aside (Biome pads the cells when it formats the file). */
const unpadded = (text: string) =>
  text
    .split('\n')
    .map((line) => (line.startsWith('|') ? line.replace(/ {2,}/g, ' ').replace(/-{3,}/g, '---') : line))
    .join('\n');
const written = () => unpadded(readFileSync(new URL('../../docs/configuration.md', import.meta.url), 'utf8'));

describe('docs/configuration.md', () => {
  it('is what the schemas say today: run `npm run docs` after changing a key or a watchlist field', () => {
    expect(written()).toBe(unpadded(renderConfigurationReference()));
  });

  it('names every environment key and every watchlist field a user can set, with its meaning', () => {
    const text = written();
    for (const key of Object.keys(CONFIG_KEYS)) expect(text).toContain(`| \`${key}\` |`);
    for (const field of ['repeat', 'feed', 'query', 'agencies', 'max_age_days', 'measure', 'notify_resolved'])
      expect(text).toMatch(new RegExp(`\\| \`${field}\` \\| (yes|no) \\| [^|]+ \\| [^|]+ \\| \\w`));
  });
});
