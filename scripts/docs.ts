import { writeFileSync } from 'node:fs';
import { renderConfigurationReference } from './configuration-reference.js';

// `npm run docs`: writes the generated reference pages.
const target = new URL('../docs/configuration.md', import.meta.url);
writeFileSync(target, renderConfigurationReference());
process.stdout.write(`wrote ${target.pathname}\n`);
