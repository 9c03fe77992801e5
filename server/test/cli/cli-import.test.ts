import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startServer } from '../reliability/server-process.ts';
import { photoFolder, spawnVintedbot, tempRoot, vintedbot } from './cli-run.ts';

// `vintedbot import` for real: the bulk pipeline on a folder of committed photos against a fresh data folder, its
// plain progress lines (output is not a terminal), the plan table, the dry run that leaves the stock empty, --execute,
// --json, French, and Ctrl-C in the middle of a job that --resume then finishes.
const roots: string[] = [];
afterAll(() => roots.forEach((r) => fs.rmSync(r, { recursive: true, force: true })));
const setup = (classes: string[], perClass: number) => {
  const root = tempRoot();
  roots.push(root);
  return { photos: photoFolder(root, classes, perClass), data: path.join(root, 'data') };
};
const stockOf = async (data: string) => {
  const r = await vintedbot(['export', 'json', '-o', path.join(data, '..', 'stock.json')], data);
  expect(r.status, r.stderr).toBe(0);
  return JSON.parse(fs.readFileSync(path.join(data, '..', 'stock.json'), 'utf8')) as { id: string; title: string; status: string }[];
};

describe('vintedbot import', () => {
  it('runs the pipeline with a line per stage step, prints the plan, and adds nothing to the stock (dry run)', async () => {
    const { photos, data } = setup(['hoodie', 'pants'], 3);
    const r = await vintedbot(['import', photos], data);
    expect(r.status, r.stderr).toBe(0);
    for (const stage of ['Scan', 'Duplicates', 'Grouping', 'Categorising']) expect(r.stderr).toMatch(new RegExp(`^${stage}\\s+100%`, 'm'));
    expect(r.stderr).toMatch(/^Import of 6 photos started \(job [0-9a-f-]{36}\)\.$/m);
    expect(r.stdout).toMatch(/^#\s+Category\s+Photos\s+Title\s+Price$/m);
    expect(r.stdout).toMatch(/done: 6 photos, \d+ articles, 0 duplicates set aside, 0 errors\./);
    expect(r.stdout).toContain('Dry run: nothing was added to your stock');
    expect(await stockOf(data)).toEqual([]);

    // The same job, --execute: its groups become drafts, once.
    const job = /job ([0-9a-f-]{36})/.exec(r.stderr)![1];
    const ex = await vintedbot(['--json', 'import', '--resume', job, '--execute'], data);
    expect(ex.status, ex.stderr).toBe(0);
    const out = JSON.parse(ex.stdout) as { status: string; photos: number; articles: unknown[]; executed: { ok: boolean; created: boolean; item_id: string }[] };
    expect(out).toMatchObject({ status: 'completed', photos: 6 });
    expect(out.executed.length).toBe(out.articles.length);
    expect(out.executed.every((e) => e.ok && e.created)).toBe(true);
    const stock = await stockOf(data);
    expect(stock.map((i) => i.id).sort()).toEqual(out.executed.map((e) => e.item_id).sort());
    expect(stock.every((i) => i.status === 'draft')).toBe(true);
  }, 240_000);

  it('speaks French when LANG is French, and refuses a folder without photos with exit code 2', async () => {
    const { photos, data } = setup(['hat'], 2);
    const fr = await vintedbot(['import', photos], data, { LANG: 'fr_FR.UTF-8' });
    expect(fr.status, fr.stderr).toBe(0);
    expect(fr.stderr).toMatch(/^Analyse\s+100%/m);
    expect(fr.stdout).toContain('Essai à blanc : rien n\'a été ajouté à votre stock');
    const empty = path.join(photos, '..', 'empty');
    fs.mkdirSync(empty);
    const none = await vintedbot(['--lang', 'en', 'import', empty], data, { LANG: 'fr_FR.UTF-8' });
    expect(none.status).toBe(2);
    expect(none.stderr).toContain('No photos found in');
  }, 240_000);

  it('stops cleanly on Ctrl-C, says how to resume, and --resume finishes the job', async () => {
    const { photos, data } = setup(['dress', 'hat', 'hoodie', 'pants', 'shirt', 'shoes'], 6);
    const child = spawnVintedbot(['import', photos], data);
    let err = '';
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    await new Promise<void>((resolve, reject) => {
      child.stderr!.setEncoding('utf8').on('data', (d: string) => {
        err += d;
        // Interrupted once the scan is under way (a line above 0 %), well before its end.
        if (/^Scan\s+([1-9]\d?)%/m.test(err)) resolve();
        if (/^Scan\s+100%/m.test(err)) reject(new Error(`the scan finished before Ctrl-C could be sent: make the job longer\n${err}`));
      });
      child.once('exit', () => reject(new Error(`exited early:\n${err}`)));
    });
    child.kill('SIGINT');
    expect(await exited).toBe(130);
    const job = /job ([0-9a-f-]{36})/.exec(err)![1];
    expect(err).toContain(`Stopped. The job ${job} is saved: resume it with \`vintedbot import --resume ${job}\``);

    const resumed = await vintedbot(['--json', 'import', '--resume', job], data);
    expect(resumed.status, resumed.stderr).toBe(0);
    expect(JSON.parse(resumed.stdout)).toMatchObject({ job_id: job, status: 'completed', photos: 36, errors: 0 });
  }, 300_000);

  it('--server runs the import on a running server through its API, with its token', async () => {
    const { photos, data } = setup(['hoodie', 'shirt'], 2);
    const token = 'cli-remote-token-0123456789';
    const server = await startServer(data, { DATABASE_URL: '', REDIS_URL: '', PRICE_DROP_CRON: 'off', PURGE_CRON: 'off', API_TOKEN: token });
    try {
      // The server holds the data folder: the local mode says how to go on.
      const locked = await vintedbot(['import', photos], data);
      expect(locked.status).toBe(78);
      expect(locked.stderr).toContain('--server URL --token TOKEN');
      const refused = await vintedbot(['import', photos, '--server', server.base, '--token', 'wrong-token-0123456789'], data);
      expect(refused.status).toBe(1);
      expect(refused.stderr).toContain('(unauthorized)');
      // A server that is not there is a sentence with its address, not a stack trace.
      const closed = await closedPort();
      const away = await vintedbot(['import', photos, '--server', `http://127.0.0.1:${closed}`, '--token', token], data);
      expect(away.status).toBe(1);
      expect(away.stderr).toContain(`(server_unreachable): http://127.0.0.1:${closed}: ECONNREFUSED`);
      expect(away.stderr).not.toContain('    at ');

      const r = await vintedbot(['--json', 'import', photos, '--server', server.base, '--execute'], data, { API_TOKEN: token });
      expect(r.status, r.stderr).toBe(0);
      const out = JSON.parse(r.stdout) as { status: string; photos: number; executed: { ok: boolean; created: boolean; item_id: string }[] };
      expect(out).toMatchObject({ status: 'completed', photos: 4 });
      expect(out.executed.length).toBeGreaterThan(0);
      expect(out.executed.every((e) => e.ok && e.created)).toBe(true);
      const stock = await fetch(`${server.base}/listings/all`, { headers: { authorization: `Bearer ${token}` } });
      expect(((await stock.json()) as { id: string }[]).map((i) => i.id).sort()).toEqual(out.executed.map((e) => e.item_id).sort());
    } finally {
      server.child.kill('SIGTERM');
      await server.exited;
    }
  }, 240_000);
});

/** A port nothing listens on: one the system just gave out and took back. */
async function closedPort(): Promise<number> {
  const srv = net.createServer();
  await new Promise<void>((resolve) => srv.listen(0, '127.0.0.1', resolve));
  const { port } = srv.address() as net.AddressInfo;
  await new Promise((resolve) => srv.close(resolve));
  return port;
}
