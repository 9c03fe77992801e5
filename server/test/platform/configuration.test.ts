import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CONFIG_DOCS, CONFIG_TABLE_END, CONFIG_TABLE_START, type ConfigVariable, shownDefault, withConfigTable } from '../../src/config-docs.ts';
import { configSchema } from '../../src/config.ts';

// One configuration: every variable is parsed in server/src/config.ts, and the README's table is written from that
// schema (`npm run docs:config`), so neither can drift from the other.
const root = path.resolve(import.meta.dirname, '../../..');
const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf8');

/** Variable → default cell of the README's configuration table as it stands. */
function readmeTable(): Map<string, string> {
  const table = readme.slice(readme.indexOf(CONFIG_TABLE_START), readme.indexOf(CONFIG_TABLE_END));
  const rows = new Map<string, string>();
  for (const m of table.matchAll(/^\| `([A-Z0-9_]+)` \| (.*?) \| /gm)) rows.set(m[1], m[2]);
  return rows;
}

describe('configuration', () => {
  it('documents every variable of the schema in the README, with the schema\'s default, and nothing else', () => {
    const schema = Object.keys(configSchema.shape).sort();
    const documented = readmeTable();
    expect([...documented.keys()].sort(), 'README.md configuration table vs server/src/config.ts (run `npm run docs:config`)').toEqual(schema);
    for (const name of schema as ConfigVariable[]) {
      expect(documented.get(name), `default of ${name} in README.md (run \`npm run docs:config\`)`).toBe(shownDefault(name));
    }
  });

  it('keeps README.md\'s table exactly as `npm run docs:config` writes it', () => {
    expect(readme.includes(CONFIG_TABLE_START) && readme.includes(CONFIG_TABLE_END)).toBe(true);
    expect(withConfigTable(readme) === readme, 'README.md configuration table is stale: run `npm run docs:config`').toBe(true);
  });

  it('shows the schema\'s own defaults', () => {
    expect(shownDefault('PORT')).toBe('`8001`');
    expect(shownDefault('PHOTO_MAX_BYTES')).toBe('`15728640` (15 MiB)');
    expect(shownDefault('BULK_CLUSTER_EPS')).toBe('`0.5`');
    expect(shownDefault('API_TOKEN')).toBe('–');
    expect(shownDefault('JOB_CONCURRENCY')).toBe(CONFIG_DOCS.JOB_CONCURRENCY.shownDefault);
  });

  it('reads the environment only in config.ts (main.ts and the command line\'s entry hand process.env to it)', () => {
    const offenders: string[] = [];
    const walk = (dir: string) => {
      for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
        const file = path.join(dir, e.name);
        if (e.isDirectory()) walk(file);
        else if (/\.tsx?$/.test(e.name) && !/\.test\.tsx?$/.test(e.name) && /process\.env\b/.test(fs.readFileSync(file, 'utf8'))) offenders.push(path.relative(root, file));
      }
    };
    walk(path.join(root, 'server/src'));
    expect(offenders.sort()).toEqual(['server/src/cli/index.ts', 'server/src/config.ts', 'server/src/main.ts']);
  });
});
