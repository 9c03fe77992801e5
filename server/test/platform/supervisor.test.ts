import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';

// `npm start` (scripts/start.mjs) runs the server under a supervisor: a server killed with -9 comes back, with
// its data; signals stop both; a crash loop ends with a clear message; a configuration error is not retried.

const root = path.resolve(import.meta.dirname, '../../..');
const running: ChildProcess[] = [];
const dirs: string[] = [];
afterEach(() => {
  for (const p of running.splice(0)) if (p.exitCode === null && p.signalCode === null) p.kill('SIGKILL');
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

async function freePort(): Promise<number> {
  const s = net.createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as net.AddressInfo).port;
  await new Promise((r) => s.close(r));
  return port;
}

/** `node scripts/start.mjs` with its output collected, and a way to wait for a line (no sleeps). */
function startSupervisor(env: Record<string, string>) {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'vintedbot-supervisor-'));
  dirs.push(dataDir);
  const proc = spawn(process.execPath, ['scripts/start.mjs'], {
    cwd: root,
    env: {
      ...process.env, DATA_DIR: dataDir, DATABASE_URL: '', REDIS_URL: '', VINTEDBOT_SKIP_WEB_BUILD: '1', LOG_LEVEL: 'warn',
      PRICE_DROP_CRON: 'off', PURGE_CRON: 'off', VINTED_QUEUE_INTERVAL_SECONDS: '0', NODE_ENV: 'production', ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.push(proc);
  let output = '';
  const waiters: { re: RegExp; from: number; resolve: (m: RegExpMatchArray) => void }[] = [];
  const check = () => {
    for (const w of [...waiters]) {
      const m = output.slice(w.from).match(w.re);
      if (m) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(m);
      }
    }
  };
  const onData = (c: Buffer) => {
    output += c.toString('utf8');
    check();
  };
  proc.stdout!.on('data', onData);
  proc.stderr!.on('data', onData);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => proc.on('exit', (code, signal) => resolve({ code, signal })));
  return {
    proc, dataDir, exited,
    get output() {
      return output;
    },
    /** Resolves with the first match of `re` in the output written from `from` on. */
    waitFor(re: RegExp, from = 0): Promise<RegExpMatchArray> {
      return new Promise((resolve, reject) => {
        waiters.push({ re, from, resolve });
        check();
        void exited.then(() => {
          check();
          if (waiters.some((w) => w.re === re)) reject(new Error(`exited before ${re}:\n${output}`));
        });
      });
    },
  };
}

function request(port: number, method: string, url: string, body?: unknown): Promise<{ status: number; json: any }> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, method, path: url, headers: body ? { 'content-type': 'application/json' } : {} }, (res) => {
      let text = '';
      res.on('data', (c: Buffer) => (text += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, json: text ? JSON.parse(text) : null }));
    });
    req.on('error', reject);
    req.end(body ? JSON.stringify(body) : undefined);
  });
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe('npm start supervisor', () => {
  it('restarts a server killed with -9 (data kept), and passes SIGTERM on for a clean stop', async () => {
    const port = await freePort();
    const s = startSupervisor({ PORT: String(port) });
    const first = Number((await s.waitFor(/serve started \(pid (\d+)\)/))[1]);
    await s.waitFor(/VintedBot .* is running/);
    expect((await request(port, 'GET', '/health')).status).toBe(200);
    const item = await request(port, 'POST', '/listings', { title: 'Pull Zara M', price: 20 });
    expect(item.status).toBe(201);

    const mark = s.output.length;
    process.kill(first, 'SIGKILL');
    await s.waitFor(/the serve was killed \(SIGKILL\); restarting it in 1 s/, mark);
    const second = Number((await s.waitFor(/serve started \(pid (\d+)\)/, mark))[1]);
    expect(second).not.toBe(first);
    await s.waitFor(/VintedBot .* is running/, mark);
    expect((await request(port, 'GET', '/health')).status).toBe(200);
    expect((await request(port, 'GET', `/listings/${item.json.id}`)).json.title).toBe('Pull Zara M');

    s.proc.kill('SIGTERM');
    expect(await s.exited).toEqual({ code: 0, signal: null });
    expect(alive(second)).toBe(false);
    expect(fs.existsSync(path.join(s.dataDir, 'vintedbot.lock'))).toBe(false);
  }, 180_000);

  it('does not retry a start that cannot succeed as configured', async () => {
    const s = startSupervisor({ PORT: 'not-a-port' });
    expect(await s.exited).toEqual({ code: 78, signal: null });
    expect(s.output).toContain('PORT');
    expect(s.output).not.toContain('restarting');
  }, 60_000);

  it('gives up after repeated crashes, and says so', async () => {
    // Another program holds the port: every start crashes.
    const blocker = net.createServer();
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', r));
    try {
      const s = startSupervisor({ PORT: String((blocker.address() as net.AddressInfo).port) });
      const { code } = await s.exited;
      expect(code).toBe(1);
      expect(s.output.match(/EADDRINUSE/g)?.length).toBeGreaterThanOrEqual(5);
      // Back-off: 1 s, 2 s, 4 s, 8 s between the five starts.
      expect([...s.output.matchAll(/restarting it in (\d+) s/g)].map((m) => Number(m[1]))).toEqual([1, 2, 4, 8]);
      expect(s.output).toMatch(/crashed 5 times within 2 minutes, so it is not restarted again/);
    } finally {
      await new Promise((r) => blocker.close(r));
    }
  }, 240_000);
});
