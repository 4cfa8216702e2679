// Which build may run: the one made from exactly the TypeScript sources on disk, or none.
// Plain JavaScript, so the launcher can use it before any TypeScript loader is registered.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

/** Everything the bundle in dist/ is compiled from (dependencies stay external and load from node_modules). */
export const SOURCE_DIRS = ['src', 'adapters'];
export const BUILD_DIR = 'dist';
export const BUILD_ENTRY = 'main.js';
export const BUILD_MANIFEST = 'build.json';

/**
 * A hash of every source file's path and content. Content rather than modification times, so a
 * checkout, a copy that keeps times, or an edit within the same second can never pass for the build.
 * @param {string} root the project folder
 * @returns {string}
 */
export function sourceFingerprint(root) {
  const files = [];
  for (const dir of SOURCE_DIRS)
    for (const entry of readdirSync(join(root, dir), { recursive: true, withFileTypes: true }))
      if (entry.isFile()) files.push(join(entry.parentPath, entry.name));
  const hash = createHash('sha256');
  for (const file of files.sort()) {
    hash.update(`${relative(root, file).split(sep).join('/')}\0`);
    hash.update(readFileSync(file));
    hash.update('\0');
  }
  return hash.digest('hex');
}

/**
 * The built entry point when dist/ was built from the sources as they are now; otherwise undefined
 * (no build, a failed build, or sources edited since), and the caller runs the sources themselves.
 * @param {string} root the project folder
 * @returns {string | undefined}
 */
export function freshBuildEntry(root) {
  let manifest;
  try {
    manifest = JSON.parse(readFileSync(join(root, BUILD_DIR, BUILD_MANIFEST), 'utf8'));
  } catch {
    return undefined;
  }
  if (typeof manifest?.fingerprint !== 'string' || manifest.fingerprint !== sourceFingerprint(root))
    return undefined;
  return join(root, BUILD_DIR, BUILD_ENTRY);
}
