import { existsSync, readFileSync, statSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const README = new URL('../../README.md', import.meta.url);
const readme = () => readFileSync(README, 'utf8');

describe('README', () => {
  it('stays short enough to read: at most 20 KB, the reference lives in docs/', () => {
    expect(statSync(README).size).toBeLessThanOrEqual(20 * 1024);
  });

  it('has the sections a newcomer looks for, in order', () => {
    const headings = readme()
      .split('\n')
      .filter((line) => line.startsWith('## '));
    expect(headings).toEqual([
      '## Try it in one minute',
      '## Quick start',
      '## Connect Slack',
      '## Connect Discord',
      '## Watchlists in five minutes',
      '## Deploy',
      '## Documentation',
      '## Dependencies',
    ]);
  });

  it('links only to files that exist (docs/architecture.md comes with the architecture work)', () => {
    const links = [
      ...readme().matchAll(/\]\(((?:docs|src|deploy|config)\/[^)#]+|Dockerfile)(?:#[^)]*)?\)/g),
    ].map((match) => match[1] ?? '');
    expect(links).toContain('docs/configuration.md');
    for (const link of links.filter((path) => path !== 'docs/architecture.md'))
      expect(existsSync(new URL(`../../${link}`, import.meta.url)), link).toBe(true);
  });
});
