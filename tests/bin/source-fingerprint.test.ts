import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { freshBuildEntry, sourceFingerprint } from '../../bin/source-fingerprint.js';
import { useTempDir } from '../helpers/temp-dir.js';

const tempDir = useTempDir();

/** A project folder with two sources and a build made from them. */
function builtProject(): string {
  const root = tempDir();
  mkdirSync(join(root, 'src', 'store'), { recursive: true });
  mkdirSync(join(root, 'adapters'), { recursive: true });
  mkdirSync(join(root, 'dist'));
  writeFileSync(join(root, 'src', 'main.ts'), "console.log('v1');\n");
  writeFileSync(join(root, 'src', 'store', 'db.ts'), 'export const db = 1;\n');
  writeFileSync(join(root, 'adapters', 'chat-adapter.ts'), 'export {};\n');
  writeFileSync(join(root, 'dist', 'main.js'), "console.log('v1');\n");
  writeFileSync(join(root, 'dist', 'build.json'), JSON.stringify({ fingerprint: sourceFingerprint(root) }));
  return root;
}

describe('which code bin/ree-watch.js runs', () => {
  it('runs the build while it was made from exactly the sources on disk', () => {
    const root = builtProject();
    expect(freshBuildEntry(root)).toBe(join(root, 'dist', 'main.js'));
  });

  it('runs the sources once a file is edited, added or deleted, so stale code never runs', () => {
    const edited = builtProject();
    writeFileSync(join(edited, 'src', 'store', 'db.ts'), 'export const db = 2;\n');
    expect(freshBuildEntry(edited)).toBeUndefined();

    const added = builtProject();
    writeFileSync(join(added, 'adapters', 'new-platform.ts'), 'export {};\n');
    expect(freshBuildEntry(added)).toBeUndefined();

    const deleted = builtProject();
    rmSync(join(deleted, 'src', 'store', 'db.ts'));
    expect(freshBuildEntry(deleted)).toBeUndefined();
  });

  it('runs the sources when there is no build or its manifest is unreadable (a failed install step)', () => {
    const missing = builtProject();
    rmSync(join(missing, 'dist'), { recursive: true });
    expect(freshBuildEntry(missing)).toBeUndefined();

    const garbled = builtProject();
    writeFileSync(join(garbled, 'dist', 'build.json'), '{"fingerprint":');
    expect(freshBuildEntry(garbled)).toBeUndefined();
  });

  it('does not depend on when files were written, only on what they hold', () => {
    const root = builtProject();
    const before = sourceFingerprint(root);
    writeFileSync(join(root, 'src', 'main.ts'), "console.log('v1');\n");
    expect(sourceFingerprint(root)).toBe(before);
    expect(freshBuildEntry(root)).toBe(join(root, 'dist', 'main.js'));
  });
});
