import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { renderConfigurationReference } from './configuration-reference.js';

// `npm run docs`: writes the generated reference pages, then lets Biome pad their tables as `npm run
// check` wants them (the test compares them with the padding taken out).
const target = fileURLToPath(new URL('../docs/configuration.md', import.meta.url));
writeFileSync(target, renderConfigurationReference());
execFileSync('npx', ['biome', 'format', '--write', target], { stdio: 'ignore' });
process.stdout.write(`wrote ${target}\n`);
