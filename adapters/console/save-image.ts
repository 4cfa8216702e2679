import { mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import type { Reply } from '../../src/render/reply.js';

/** Charts go beside the database (data/charts), or to the temp folder for an in-memory one. */
export function chartDirFor(databasePath: string): string {
  return databasePath === ':memory:'
    ? join(tmpdir(), 'ree-watch-charts')
    : join(dirname(resolve(databasePath)), 'charts');
}

/**
 * A terminal cannot show a PNG, so the console writes it to a file and prints the path. The name is
 * the reply's, reduced to safe characters; a newer chart of the same thing replaces the older.
 */
export function saveReplyImage(reply: Reply, dir: string): string | undefined {
  if (!reply.image) return undefined;
  const name = reply.image.filename.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^[.-]+/, '') || 'chart.png';
  const path = join(dir, name.endsWith('.png') ? name : `${name}.png`);
  mkdirSync(dir, { recursive: true });
  writeFileSync(path, reply.image.png);
  return path;
}
