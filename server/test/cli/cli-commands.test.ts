import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempRoot, vintedbot } from './cli-run.ts';

// The other commands, each the real process on a data folder of its own: a CSV in (dry run, then for real), every
// export written to a file, a backup restored into a second folder, the price drop and the purge in dry run, migrate,
// doctor, --help everywhere and the exit codes.
let root: string;
let data: string;
beforeAll(() => {
  root = tempRoot();
  data = path.join(root, 'data');
});
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));
const file = (name: string) => path.join(root, name);

describe('vintedbot files and upkeep', () => {
  it('imports a CSV (dry run first), exports it five ways, and restores the backup elsewhere', async () => {
    fs.writeFileSync(file('in.csv'), 'title,price,brand,size,condition,status\nSweat Nike noir,25,Nike,M,very_good,listed\nJean Levi\'s 501,30,Levi\'s,W32,good,listed\n');
    const dry = await vintedbot(['--json', 'import-csv', file('in.csv'), '--dry-run'], data);
    expect(dry.status, dry.stderr).toBe(0);
    expect(JSON.parse(dry.stdout)).toMatchObject({ created: 2, errors: [] });
    const real = await vintedbot(['import-csv', file('in.csv')], data);
    expect(real.status, real.stderr).toBe(0);
    expect(real.stdout).toMatch(/^2 to create, 0 to update/m);

    for (const f of ['csv', 'json', 'pdf', 'vinted', 'backup']) {
      const out = file(`stock.${f === 'backup' ? 'zip' : f === 'vinted' ? 'vinted.csv' : f}`);
      const r = await vintedbot(['export', f, '-o', out], data);
      expect(r.status, `${f}: ${r.stderr}`).toBe(0);
      expect(r.stdout).toMatch(/^Written .* \(\d+(\.\d)? (B|KB|MB)\)\.$/m);
    }
    expect(JSON.parse(fs.readFileSync(file('stock.json'), 'utf8')).map((i: { title: string }) => i.title).sort()).toEqual(['Jean Levi\'s 501', 'Sweat Nike noir']);
    expect(fs.readFileSync(file('stock.csv'), 'utf8')).toContain('Sweat Nike noir');
    expect(fs.readFileSync(file('stock.vinted.csv'), 'utf8')).toMatch(/^\uFEFF?titre,description,prix/);
    expect(fs.readFileSync(file('stock.pdf')).subarray(0, 5).toString()).toBe('%PDF-');
    expect(fs.readFileSync(file('stock.zip')).subarray(0, 2).toString()).toBe('PK');

    const other = path.join(root, 'other');
    const check = await vintedbot(['--json', 'restore', file('stock.zip'), '--dry-run'], other);
    expect(check.status, check.stderr).toBe(0);
    expect(JSON.parse(check.stdout)).toMatchObject({ dry_run: true, mode: 'merge' });
    const restored = await vintedbot(['--json', 'restore', file('stock.zip'), '--replace'], other);
    expect(restored.status, restored.stderr).toBe(0);
    expect(JSON.parse(restored.stdout)).toMatchObject({ dry_run: false, mode: 'replace', items: { restored: 2 } });
  }, 240_000);

  it('runs the price drop and the purge in dry run, and migrate, with JSON results', async () => {
    const drop = await vintedbot(['--json', 'price-drop', '--dry-run'], data);
    expect(drop.status, drop.stderr).toBe(0);
    expect(JSON.parse(drop.stdout)).toMatchObject({ dry_run: true, trigger: 'manual' });
    const purge = await vintedbot(['purge', '--dry-run'], data, { LANG: 'fr_FR.UTF-8' });
    expect(purge.status, purge.stderr).toBe(0);
    expect(purge.stdout).toMatch(/^Essai à blanc \(rien n'a changé\) : \d+ ancien\(s\) brouillon\(s\)/m);
    const migrate = await vintedbot(['migrate'], data);
    expect(migrate.status, migrate.stderr).toBe(0);
    expect(migrate.stdout).toBe('Database is up to date (sqlite).\n');
  }, 120_000);

  it('doctor checks the data folder and the database, and fails with what to fix when the folder is unusable', async () => {
    const ok = await vintedbot(['--json', 'doctor'], data);
    expect(ok.status, ok.stdout + ok.stderr).toBe(0);
    const report = JSON.parse(ok.stdout) as { ok: boolean; checks: { name: string; state: string }[] };
    expect(report.ok).toBe(true);
    expect(report.checks.find((c) => c.name === 'Database (SQLite)')).toMatchObject({ state: 'ok' });
    expect(report.checks.map((c) => c.name)).toEqual(expect.arrayContaining(['Node.js', 'Data folder', 'Free disk', 'Chromium', 'Redis', 'LLM', 'Garment classifier']));

    fs.writeFileSync(file('not-a-folder'), '');
    const bad = await vintedbot(['doctor'], path.join(file('not-a-folder'), 'data'));
    expect(bad.status).toBe(1);
    expect(bad.stdout).toMatch(/^✗ Data folder: .*ENOTDIR/m);
    expect(bad.stdout).toMatch(/→ fix: give the user running VintedBot read and write access/);
  }, 120_000);

  it('has --help on every command, and exit code 2 for a wrong usage', async () => {
    for (const cmd of [[], ['import'], ['export'], ['restore'], ['import-csv'], ['price-drop'], ['purge'], ['doctor'], ['migrate'], ['serve'], ['worker']]) {
      const r = await vintedbot([...cmd, '--help'], data);
      expect(r.status, cmd.join(' ')).toBe(0);
      expect(r.stdout).toMatch(new RegExp(`^Usage: vintedbot ${cmd[0] ?? ''}`, 'm'));
    }
    const wrong = await vintedbot(['export', 'xml', '-o', file('x')], data);
    expect(wrong.status).toBe(2);
    const unknown = await vintedbot(['frobnicate'], data);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toContain("unknown command 'frobnicate'");
  }, 240_000);
});
