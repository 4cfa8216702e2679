#!/usr/bin/env node
// Runs the bundle that `npm install` built (npm's prepare script, scripts/build.js) when it was built
// from exactly the sources on disk, because loading ~200 TypeScript files through tsx costs most of a
// second at start-up. Without a build, or once a source file changed, it runs the TypeScript through
// tsx, so there is no build step to forget and an edited file never runs stale code.
import { fileURLToPath, pathToFileURL } from 'node:url';
import { freshBuildEntry } from './source-fingerprint.js';

const built = freshBuildEntry(fileURLToPath(new URL('..', import.meta.url)));
if (built) {
  await import(pathToFileURL(built).href);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../src/main.ts');
}
