import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { Redis } from 'ioredis';
import type { Config } from '../../config.ts';
import { closeContext } from '../../context.ts';
import { DataDirLockedError } from '../../platform/db/data-dir-lock.ts';
import { type CliEnv, EXIT, oneShotConfig, openContext } from '../cli-context.ts';
import { humanBytes } from '../i18n.ts';

// `vintedbot doctor`: what the app needs, checked for real (the database opened and checked, the browser started,
// Redis pinged, the LLM provider called with the key), each problem with what to do about it.

export interface Check { name: string; state: 'ok' | 'warn' | 'fail' | 'skip'; detail: string; fix?: string }

const MODELS = path.resolve(import.meta.dirname, '../../../models');
const MIN_FREE = 512 * 1024 * 1024;

function nodeCheck(): Check {
  const [major, minor] = process.versions.node.split('.').map(Number);
  const ok = major >= 22 ? !(major === 22 && minor < 13) : major === 20 && minor >= 19;
  return ok ? { name: 'Node.js', state: major === 20 ? 'warn' : 'ok', detail: process.version + (major === 20 ? ' (end of life: move to Node 22 LTS)' : '') }
    : { name: 'Node.js', state: 'fail', detail: process.version, fix: 'install Node.js 22 LTS (22.13 or newer), or 20.19 or newer' };
}

function dataDirCheck(cfg: Config): Check[] {
  const dir = cfg.dataDir;
  const out: Check[] = [];
  try {
    fs.mkdirSync(dir, { recursive: true });
    fs.accessSync(dir, fs.constants.R_OK | fs.constants.W_OK);
    out.push({ name: 'Data folder', state: 'ok', detail: `${dir} (writable)` });
  } catch (e) {
    return [{ name: 'Data folder', state: 'fail', detail: `${dir}: ${(e as NodeJS.ErrnoException).code ?? e}`, fix: `give the user running VintedBot read and write access to ${dir}, or set DATA_DIR` }];
  }
  const db = path.join(dir, 'vintedbot.db');
  const st = fs.statSync(db, { throwIfNoEntry: false });
  if (st && process.platform !== 'win32' && (st.mode & 0o077) !== 0) {
    out.push({ name: 'Database file permissions', state: 'warn', detail: `${db} is readable by others (${(st.mode & 0o777).toString(8)})`, fix: `chmod 600 ${db} (the server also does it at start)` });
  }
  try {
    const s = fs.statfsSync(dir);
    const free = s.bavail * s.bsize;
    out.push(free < MIN_FREE
      ? { name: 'Free disk', state: 'fail', detail: `${humanBytes(free)} free in ${dir}`, fix: 'free some space: photos, backups and bulk uploads need room (512 MB at least)' }
      : { name: 'Free disk', state: free < 4 * MIN_FREE ? 'warn' : 'ok', detail: `${humanBytes(free)} free` });
  } catch { /* statfs is missing on some systems: nothing to report */ }
  return out;
}

async function databaseCheck(): Promise<Check> {
  try {
    const ctx = await openContext();
    try {
      const name = ctx.database.dialect === 'postgres' ? 'PostgreSQL' : 'Database (SQLite)';
      if (!(await ctx.database.ping())) return { name, state: 'fail', detail: 'does not answer', fix: 'check DATABASE_URL and that PostgreSQL runs' };
      const integrity = ctx.database.integrityCheck?.() ?? 'ok';
      return integrity === 'ok' ? { name, state: 'ok', detail: 'migrated, integrity check ok' }
        : { name, state: 'fail', detail: `integrity check: ${integrity.slice(0, 300)}`, fix: 'restore the latest backup (vintedbot restore FILE --replace) or ask for help with the file' };
    } finally {
      await closeContext(ctx);
    }
  } catch (e) {
    if (e instanceof DataDirLockedError) return { name: 'Database', state: 'warn', detail: 'in use by a running server: not checked', fix: 'stop the server and run `vintedbot doctor` again for the integrity check' };
    return { name: 'Database', state: 'fail', detail: e instanceof Error ? e.message : String(e), fix: 'check DATA_DIR or DATABASE_URL' };
  }
}

function chromiumCheck(cfg: Config): Check {
  const r = fs.existsSync(cfg.CHROMIUM_PATH) ? spawnSync(cfg.CHROMIUM_PATH, ['--version'], { encoding: 'utf8', timeout: 15_000 }) : null;
  if (r && r.status === 0) return { name: 'Chromium', state: 'ok', detail: r.stdout.trim() };
  return { name: 'Chromium', state: 'warn', detail: `${cfg.CHROMIUM_PATH} ${r ? 'does not start' : 'not found'}: publishing to Vinted is off`, fix: 'apt-get install chromium, or set CHROMIUM_PATH' };
}

async function redisCheck(cfg: Config): Promise<Check> {
  if (!cfg.REDIS_URL) return { name: 'Redis', state: 'skip', detail: 'not configured (jobs run in the app)' };
  const redis = new Redis(cfg.REDIS_URL, { lazyConnect: true, connectTimeout: 3000, maxRetriesPerRequest: 0, retryStrategy: () => null });
  try {
    await redis.connect();
    return { name: 'Redis', state: 'ok', detail: `PONG (${await redis.ping()})` };
  } catch (e) {
    return { name: 'Redis', state: 'fail', detail: `${cfg.REDIS_URL.replace(/\/\/[^@]*@/, '//…@')}: ${(e as Error).message}`, fix: 'start Redis, or unset REDIS_URL to run jobs in the app' };
  } finally {
    redis.disconnect();
  }
}

/** A real, free call: the provider's model list with the key (no tokens spent). */
async function llmCheck(cfg: Config): Promise<Check> {
  const p = cfg.LLM_PROVIDER;
  if (p === 'offline') return { name: 'LLM', state: 'skip', detail: 'offline analyser (no key needed)' };
  const key = p === 'anthropic' ? cfg.ANTHROPIC_API_KEY : cfg.OPENAI_API_KEY;
  if (!key && p !== 'openai-compatible' && p !== 'ollama') return { name: 'LLM', state: 'fail', detail: `${p} without a key: listings fall back to offline`, fix: `set ${p === 'anthropic' ? 'ANTHROPIC_API_KEY' : 'OPENAI_API_KEY'}` };
  const base = (cfg.LLM_BASE_URL ?? (p === 'anthropic' ? 'https://api.anthropic.com/v1' : p === 'ollama' ? 'http://127.0.0.1:11434/v1' : 'https://api.openai.com/v1')).replace(/\/+$/, '');
  const headers: Record<string, string> = p === 'anthropic' ? { 'x-api-key': key!, 'anthropic-version': '2023-06-01' } : key && p !== 'ollama' ? { authorization: `Bearer ${key}` } : {};
  try {
    const res = await fetch(`${base}/models`, { headers, signal: AbortSignal.timeout(10_000) });
    if (res.ok) return { name: 'LLM', state: 'ok', detail: `${p} answers (${cfg.LLM_MODEL ?? 'default model'})` };
    return { name: 'LLM', state: 'fail', detail: `${p}: HTTP ${res.status}`, fix: res.status === 401 || res.status === 403 ? 'the key is refused: check it' : `check LLM_BASE_URL (${base})` };
  } catch (e) {
    return { name: 'LLM', state: 'fail', detail: `${p}: ${(e as Error).message}`, fix: `check the network and LLM_BASE_URL (${base})` };
  }
}

function modelsCheck(cfg: Config): Check[] {
  const needed = ['garment-head.json', 'mobilenet-v2-features.onnx'].filter((f) => !fs.existsSync(path.join(MODELS, f)));
  const out: Check[] = [needed.length
    ? { name: 'Garment classifier', state: 'fail', detail: `missing ${needed.join(', ')} in ${MODELS}`, fix: 'reinstall from the repository (the model files are committed)' }
    : { name: 'Garment classifier', state: 'ok', detail: MODELS }];
  if (cfg.MODELS_DIR) {
    const has = (f: string) => fs.existsSync(path.join(cfg.MODELS_DIR!, f));
    // The label embeddings, or the text side they are computed from on first load.
    const text = ['clip/text_model.onnx', 'clip/vocab.json', 'clip/merges.txt'];
    const clip = ['clip/vision_model.onnx', ...(has('clip/label-embeddings.json') || text.every(has) ? [] : ['clip/label-embeddings.json'])].filter((f) => !has(f));
    out.push(clip.length ? { name: 'CLIP model', state: 'fail', detail: `missing ${clip.join(', ')} in ${cfg.MODELS_DIR}`, fix: 'put the CLIP export there, or unset MODELS_DIR' }
      : { name: 'CLIP model', state: 'ok', detail: cfg.MODELS_DIR });
  }
  return out;
}

export async function runChecks(): Promise<Check[]> {
  const cfg = oneShotConfig();
  const dirs = dataDirCheck(cfg);
  const db = dirs[0].state === 'fail' ? [] : [await databaseCheck()];
  return [nodeCheck(), ...dirs, ...db, chromiumCheck(cfg), await redisCheck(cfg), await llmCheck(cfg), ...modelsCheck(cfg)];
}

const MARK = { ok: '✓', warn: '!', fail: '✗', skip: '-' } as const;

export function doctorCommand(program: Command, env: () => CliEnv) {
  program.command('doctor')
    .description('Check what VintedBot needs and say what to fix (exit code 1 when something is broken) / diagnostic')
    .action(async () => {
      const e = env();
      const checks = await runChecks();
      const failed = checks.filter((c) => c.state === 'fail').length;
      if (e.json) process.stdout.write(`${JSON.stringify({ ok: failed === 0, checks }, null, 2)}\n`);
      else {
        for (const c of checks) {
          process.stdout.write(`${MARK[c.state]} ${c.name}: ${c.detail}\n`);
          if (c.fix && c.state !== 'ok') process.stdout.write(`    → ${e.t('doctor.fix')}: ${c.fix}\n`);
        }
        process.stdout.write(`\n${failed ? e.t('doctor.problems', { count: failed }) : e.t('doctor.ok')}\n`);
      }
      process.exitCode = failed ? EXIT.failed : EXIT.ok;
    });
}
