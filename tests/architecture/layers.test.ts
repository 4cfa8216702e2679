import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempDir } from '../helpers/temp-dir.js';

const ROOT = resolve(import.meta.dirname, '../..');
const DEPCRUISE = join(ROOT, 'node_modules/.bin/depcruise');

/**
 * A small tree laid out like ree-watch (src/…, adapters/…), checked with the project's own
 * dependency-cruiser configuration, as `npm run check` checks the real one.
 */
function checkTree(dir: string, files: Record<string, string>): { status: number | null; output: string } {
  copyFileSync(join(ROOT, '.dependency-cruiser.cjs'), join(dir, '.dependency-cruiser.cjs'));
  writeFileSync(
    join(dir, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: { module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, noEmit: true },
      include: ['src', 'adapters'],
    }),
  );
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ type: 'module', private: true }));
  // better-sqlite3 must resolve as it does in the project for the driver rule to see it.
  symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'), 'dir');
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  const run = spawnSync(
    DEPCRUISE,
    ['src', 'adapters', '--config', '.dependency-cruiser.cjs', '--output-type', 'err'],
    { cwd: dir, encoding: 'utf8', timeout: 60_000 },
  );
  return { status: run.status, output: `${run.stdout}${run.stderr}` };
}

const CLEAN: Record<string, string> = {
  'src/model/alert.ts': 'export interface Alert { key: string }\n',
  'src/rules/drop.ts': "import type { Alert } from '../model/alert.js';\nexport const none: Alert[] = [];\n",
  'src/store/storage.ts': "import type { Alert } from '../model/alert.js';\nexport type Stored = Alert;\n",
  'src/store/sqlite/driver.ts':
    "import Database from 'better-sqlite3';\nexport const open = () => new Database(':memory:');\n",
  'src/pipeline/cycle.ts':
    "import type { Stored } from '../store/storage.js';\nimport { none } from '../rules/drop.js';\nexport const run = (): Stored[] => none;\n",
  'adapters/slack/send.ts':
    "import type { Alert } from '../../src/model/alert.js';\nexport type Sent = Alert;\n",
  'adapters/discord/send.ts':
    "import type { Alert } from '../../src/model/alert.js';\nexport type Sent = Alert;\n",
};

describe('the layer check (npm run check)', () => {
  const tempDir = useTempDir();

  it('passes a tree whose imports point one way', () => {
    const { status, output } = checkTree(tempDir(), CLEAN);
    expect(output).toContain('no dependency violations found');
    expect(status).toBe(0);
  });

  it('fails on forbidden imports, type-only ones included, naming each broken rule', () => {
    const { status, output } = checkTree(tempDir(), {
      ...CLEAN,
      // A source reaching the store (a type-only import counts).
      'src/sources/comtrade.ts':
        "import type { Stored } from '../store/storage.js';\nexport const keep = (rows: Stored[]) => rows;\n",
      // The database driver outside store/sqlite/.
      'src/pipeline/raw.ts':
        "import Database from 'better-sqlite3';\nexport const raw = () => new Database(':memory:');\n",
      // Slack reaching into Discord, and the core reaching a chat platform.
      'adapters/slack/cross.ts':
        "import type { Sent } from '../discord/send.js';\nexport type Both = Sent;\n",
      'src/render/slack-only.ts':
        "import type { Sent } from '../../adapters/slack/send.js';\nexport type Shown = Sent;\n",
      // model/ importing anything, and a cycle through two rules files.
      'src/model/notice.ts': "import { none } from '../rules/drop.js';\nexport const notices = none;\n",
      'src/rules/a.ts': "import { b } from './b.js';\nexport const a = () => b();\n",
      'src/rules/b.ts': "import { a } from './a.js';\nexport const b = (): unknown => a;\n",
    });
    expect(status).not.toBe(0);
    expect(output).toContain(
      'error sources-not-store-or-pipeline: src/sources/comtrade.ts → src/store/storage.ts',
    );
    expect(output).toMatch(
      /error sqlite-driver-only-in-store-sqlite: src\/pipeline\/raw\.ts → .*better-sqlite3/,
    );
    expect(output).toContain('error slack-not-discord: adapters/slack/cross.ts → adapters/discord/send.ts');
    expect(output).toContain(
      'error core-not-chat-platforms: src/render/slack-only.ts → adapters/slack/send.ts',
    );
    expect(output).toContain('error model-imports-nothing: src/model/notice.ts → src/rules/drop.ts');
    expect(output).toMatch(/error no-cycles: src\/rules\/(a|b)\.ts → \s*src\/rules\/(a|b)\.ts/);
  });
});
