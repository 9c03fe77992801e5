import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { suggestPrice } from '../../src/modules/pricing/index.ts';
import { runProcess } from '../helpers/run-process.ts';
import { json } from '../helpers/test-app.ts';
import { bulkTestApp } from './fixtures/bulk-test-app.ts';
import { files } from './fixtures/multipart.ts';
import { buildSession } from './fixtures/session-builder.ts';

const root = path.resolve(import.meta.dirname, '../../..');
const SEED_RULES = '{"hoodie":25,"t-shirt":10,"jeans":25,"veste":35}';

/** `main.ts serve` in its own process with these variables: resolves with the URL it prints, or its stderr if it exits. */
function serve(env: Record<string, string>, dataDir: string) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/src/main.ts', 'serve'], {
    cwd: root, env: { ...process.env, DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1', DATABASE_URL: '', REDIS_URL: '', LOG_LEVEL: 'warn', ...env },
  });
  const started = new Promise<string>((resolve, reject) => {
    let out = '', err = '';
    child.stdout.on('data', (d) => {
      out += d;
      const m = /App:\s+(http:\/\/\S+?)\/\s/.exec(out);
      if (m) resolve(m[1]);
    });
    child.stderr.on('data', (d) => (err += d));
    child.on('exit', (code) => reject(new Error(`server exited ${code}: ${err}`)));
  });
  const stop = () => new Promise<void>((r) => (child.exitCode !== null ? r() : (child.once('exit', () => r()), child.kill('SIGTERM'))));
  return { started, stop };
}

// PRICE_RULES_JSON has one parser (pricing's), which takes the seeds' flat table as well as the full rules.
describe('PRICE_RULES_JSON in the seed flat form', () => {
  it('starts the server (npm start), and refuses a bad table naming the variable', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'vintedbot-price-rules-'));
    const s = serve({ PRICE_RULES_JSON: SEED_RULES }, dataDir);
    try {
      const base = await s.started;
      expect((await fetch(`${base}/health`)).status).toBe(200);
    } finally {
      await s.stop();
    }
    const bad = await runProcess(process.execPath, ['--import', 'tsx', 'server/src/main.ts', 'serve'], {
      cwd: root, env: { ...process.env, DATA_DIR: dataDir, PORT: '0', DATABASE_URL: '', REDIS_URL: '', PRICE_RULES_JSON: '{"hoodie":25,"spaceship":10}' }, timeout: 60_000,
    });
    expect(bad.status).not.toBe(0);
    expect(bad.stderr).toContain('PRICE_RULES_JSON');
    fs.rmSync(dataDir, { recursive: true, force: true });
  }, 120_000);

  it('prices the bulk plan and the price suggestion from the same table', async () => {
    const t = await bulkTestApp({ PRICE_RULES_JSON: SEED_RULES });
    try {
      expect(t.ctx.analysis.settings.priceRules.basePrices).toEqual({ hoodie: 25, 't-shirt': 10, jeans: 25, jacket: 35 });
      const session = await buildSession({ garments: 2, seed: 11, labelRate: 0 });
      const jobId = (await t.app.inject({ method: 'POST', url: '/bulk/ingest/photos', ...files(session.photos) })).json().job_id;
      await t.ctx.jobs.idle();
      // The seller names the first group a "veste": the table's French word reaches the plan as a jacket at 35 €.
      const patched = await t.app.inject({ method: 'PATCH', url: '/bulk/clusters/c1', ...json({ job_id: jobId, category: 'veste' }) });
      expect(patched.statusCode).toBe(200);
      const plan = (await t.app.inject({ method: 'POST', url: '/bulk/listings/plan', ...json({ job_id: jobId, defaults: { price: 18 } }) })).json();
      // The single listings' suggestion for the group: the table's 35 € base × its condition (× its brand's tier).
      const c1 = plan.items.find((i: { cluster_id: string }) => i.cluster_id === 'c1');
      const suggested = suggestPrice({ category: 'jacket', brand: c1.brand, condition: c1.condition }, t.ctx.analysis.settings.priceRules);
      expect(suggested.factors.base_cents).toBe(3500);
      expect(c1).toMatchObject({ category: 'jacket', price: suggested.target_cents / 100, price_source: 'suggestion', price_suggestion: { target: suggested.target_cents / 100 } });
    } finally {
      await t.close();
    }
  }, 180_000);
});
