// Bundles src/ and adapters/ into dist/ for a fast start-up; run by npm's prepare script on install.
// It never fails the install: without a build, bin/ree-watch.js runs the TypeScript through tsx.
// With --strict (the Docker image) a failed build exits 1, so an image never ships without its bundle.
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BUILD_DIR, BUILD_ENTRY, BUILD_MANIFEST, sourceFingerprint } from '../bin/source-fingerprint.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const out = join(root, BUILD_DIR);

/**
 * Files the sources open next to themselves (`new URL('./snapshot/…', import.meta.url)`): every bundled
 * file sits directly in dist/, so each such folder is copied there under the same relative name.
 */
const ASSETS = [{ from: 'src/demo/snapshot', to: 'snapshot' }];

/** Every `new URL('./…', import.meta.url)` in the sources must resolve inside dist/, or the build is unusable. */
function missingAssets() {
  const missing = [];
  for (const dir of ['src', 'adapters'])
    for (const entry of readdirSync(join(root, dir), { recursive: true, withFileTypes: true })) {
      if (!entry.isFile() || !entry.name.endsWith('.ts')) continue;
      const file = join(entry.parentPath, entry.name);
      for (const match of readFileSync(file, 'utf8').matchAll(
        /new URL\(\s*'\.\/([^']+)',\s*import\.meta\.url/g,
      ))
        if (existsSync(join(dirname(file), match[1])) && !existsSync(join(out, match[1])))
          missing.push(`${match[1]} (from ${file.slice(root.length)})`);
    }
  return missing;
}

try {
  const { build } = await import('esbuild');
  // Taken before bundling: a file edited during the build makes the manifest stale, never wrong.
  const fingerprint = sourceFingerprint(root);
  rmSync(out, { recursive: true, force: true });
  await build({
    entryPoints: { [BUILD_ENTRY.replace(/\.js$/, '')]: join(root, 'src/main.ts') },
    outdir: out,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    // Dependencies load from node_modules as usual; only our own modules are bundled.
    packages: 'external',
    // Dynamic imports (Slack, Discord, the sources) stay separate files, loaded only when used.
    splitting: true,
    // Every file at the same depth, so `new URL('../package.json', import.meta.url)` still finds the root.
    chunkNames: '[name]-[hash]',
    sourcemap: 'linked',
    logLevel: 'warning',
  });
  mkdirSync(out, { recursive: true });
  for (const asset of ASSETS) cpSync(join(root, asset.from), join(out, asset.to), { recursive: true });
  const missing = missingAssets();
  if (missing.length > 0)
    throw new Error(`files the bundle opens are not in ${BUILD_DIR}/: ${missing.join(', ')}`);
  writeFileSync(
    join(out, BUILD_MANIFEST),
    `${JSON.stringify({ fingerprint, builtAt: new Date().toISOString() })}\n`,
  );
} catch (error) {
  rmSync(out, { recursive: true, force: true });
  const why = error instanceof Error ? error.message : String(error);
  if (process.argv.includes('--strict')) {
    process.stderr.write(`ree-watch: could not build ${BUILD_DIR}/ (${why})\n`);
    process.exit(1);
  }
  process.stderr.write(
    `ree-watch: could not build ${BUILD_DIR}/ (${why}); ` +
      'it will run from the TypeScript sources through tsx, which starts more slowly\n',
  );
}
