// `npm run docs:config`: rewrites the README's configuration table from the config schema and config-docs.ts.
import fs from 'node:fs';
import path from 'node:path';
import { withConfigTable } from '../src/config-docs.ts';

const README = path.resolve(import.meta.dirname, '../../README.md');
const before = fs.readFileSync(README, 'utf8');
const after = withConfigTable(before);
fs.writeFileSync(README, after);
process.stdout.write(`${before === after ? 'Unchanged' : 'Wrote'} the configuration table of ${README}\n`);
