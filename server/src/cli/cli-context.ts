import { readFileSync } from 'node:fs';
import pino from 'pino';
import { type Config, loadConfig } from '../config.ts';
import { type AppContext, closeContext, createContext, type ContextOptions } from '../context.ts';
import { loggerOptions } from '../platform/logger.ts';
import type { Translate } from './i18n.ts';

export const version: string = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')).version;

/** Exit codes of the command (README, "Command line"). */
export const EXIT = { ok: 0, failed: 1, usage: 2, cannotStart: 78, interrupted: 130 } as const;

/** What every command gets from the global options. */
export interface CliEnv { t: Translate; json: boolean; lang: 'fr' | 'en'; /** API_TOKEN of the environment, for --server. */ apiToken?: string }

// The environment (with .env) as the entry point (cli/index.ts) hands it over: like main.ts, only the entry reads it.
let environment: NodeJS.ProcessEnv = {};
export function useEnvironment(env: NodeJS.ProcessEnv) {
  environment = env;
}

/**
 * The configuration of a one-shot command: the environment and .env as the server reads them, with the schedules
 * off, so an import or an export never lowers prices or purges on the side (`serve` and `worker` keep them).
 */
export function oneShotConfig(env: NodeJS.ProcessEnv = environment): Config {
  return loadConfig({ ...env, PRICE_DROP_CRON: 'off', PURGE_CRON: 'off', PRICE_MODEL_CRON: 'off', STORAGE_LIFECYCLE_CRON: 'off', VINTED_QUEUE_INTERVAL_SECONDS: '0' }, version);
}

/**
 * The same app context the server builds (every module's services), quiet: logs at warn unless LOG_LEVEL says
 * otherwise, and the seller's console lines on stderr so stdout holds only the command's results.
 */
export async function openContext(opts: ContextOptions = {}): Promise<AppContext> {
  const config = oneShotConfig({ LOG_LEVEL: 'warn', ...environment });
  // Logs go to stderr: stdout is the command's output (a table, a file's contents, --json).
  const logger = pino(loggerOptions(config.LOG_LEVEL), pino.destination({ dest: 2, sync: true }));
  return createContext(config, { logger, notify: (line) => process.stderr.write(`${line}\n`), ...opts });
}

/** Runs `fn` on a context and always closes it. */
export async function withContext<T>(fn: (ctx: AppContext) => Promise<T>, opts: ContextOptions = {}): Promise<T> {
  const ctx = await openContext(opts);
  try {
    return await fn(ctx);
  } finally {
    await closeContext(ctx);
  }
}

/** Prints a result: JSON on stdout with --json, else the seller's sentence. */
export function print(env: CliEnv, data: unknown, line: string) {
  process.stdout.write(env.json ? `${JSON.stringify(data, null, 2)}\n` : `${line}\n`);
}
