import os from 'node:os';
import path from 'node:path';
import { Cron } from 'croner';
import { z } from 'zod';

// Every environment variable the server reads, parsed here once, with its default; modules receive the typed Config.
// What each one does is in config-docs.ts, from which `npm run docs:config` writes the README's table (a test
// fails when the README is not current).
const bool = z
  .union([z.boolean(), z.string()])
  .transform((v) => (typeof v === 'boolean' ? v : ['1', 'true', 'yes', 'on'].includes(v.trim().toLowerCase())));
const optionalString = z
  .string()
  .optional()
  .transform((v) => (v && v.trim() !== '' ? v.trim() : undefined));

const blankToUndefined = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);
const httpUrl = z.string().url().refine((v) => /^https?:\/\//.test(v), 'must be an http(s) URL');
const isJson = (v: string) => {
  try {
    JSON.parse(v);
    return true;
  } catch {
    return false;
  }
};

/** One CORS origin: scheme://host[:port], with an optional leading "*." wildcard label. */
const ORIGIN_PATTERN = /^https?:\/\/(\*\.)?[a-z0-9]([a-z0-9.-]*[a-z0-9])?(:\d{1,5})?$/i;

// A cron pattern (croner syntax, in TZ) or "off".
const cronOrOff = z.string().trim().min(1).refine((v) => {
  if (v === 'off') return true;
  try {
    new Cron(v, { paused: true }).stop();
    return true;
  } catch {
    return false;
  }
}, 'must be a cron pattern such as "0 3 * * *", or "off"');

export const configSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(8001),
  HOST: z.string().min(1).default('127.0.0.1'),
  DATA_DIR: z.string().min(1).default('./data'),
  DATABASE_URL: optionalString,
  REDIS_URL: optionalString,
  API_TOKEN: optionalString.refine((v) => v === undefined || v.length >= 16, 'API_TOKEN must be at least 16 characters'),
  // ── Accounts (modules/accounts): single seller (default, no sign-up) or several people with their own logins ──
  AUTH_MODE: z.preprocess(blankToUndefined, z.enum(['single', 'accounts']).default('single')),
  AUTH_SESSION_DAYS: z.coerce.number().int().min(1).max(90).default(14),
  AUTH_SESSION_ROTATE_MINUTES: z.coerce.number().int().min(1).max(24 * 60).default(60),
  AUTH_LOCKOUT_FAILURES: z.coerce.number().int().min(1).max(100).default(5),
  AUTH_LOCKOUT_IP_FAILURES: z.coerce.number().int().min(1).max(10_000).default(30),
  AUTH_LOCKOUT_MINUTES: z.coerce.number().int().min(1).max(24 * 60).default(15),
  AUTH_LINK_HOURS: z.coerce.number().int().min(1).max(30 * 24).default(72),
  // ── Sign in with Google (modules/accounts/google-*): on when both keys are set, in accounts mode only ──
  GOOGLE_CLIENT_ID: optionalString,
  GOOGLE_CLIENT_SECRET: optionalString,
  // Plain http only on this machine (a local test provider): anywhere else the ID token's keys would travel unprotected.
  GOOGLE_ISSUER: z.preprocess(blankToUndefined, httpUrl
    .refine((v) => v.startsWith('https://') || isLoopbackHost(new URL(v).hostname.replace(/^\[|\]$/g, '')), 'must be an https URL (plain http only on 127.0.0.1 or localhost)')
    .transform((v) => v.replace(/\/+$/, ''))
    .default('https://accounts.google.com')),
  // ── Outgoing e-mail (platform/mail): reset and invitation links, when the seller has an SMTP server ──
  SMTP_URL: optionalString.refine((v) => v === undefined || /^smtps?:\/\/[^\s/]+/.test(v), 'must be smtp://[user:password@]host[:port] or smtps://…'),
  MAIL_FROM: optionalString,
  // Exact origins, or a wildcard subdomain ("https://*.lovable.dev": any subdomain of lovable.dev, not the bare domain).
  CORS_ORIGINS: z
    .string()
    .default('')
    .transform((v) => v.split(',').map((s) => s.trim().replace(/\/+$/, '')).filter(Boolean))
    .refine((list) => list.every((o) => ORIGIN_PATTERN.test(o)), 'each origin is scheme://host[:port], the host may start with "*." (https://*.lovable.dev)'),
  // The address sellers use when it is not this machine's loopback (a reverse proxy, a LAN name): its host is
  // accepted in the Host header and its origin counts as the app's own for cross-site checks.
  PUBLIC_URL: optionalString
    .refine((v) => v === undefined || /^https?:\/\/[^/?#\s]+\/?$/i.test(v), 'must be an http(s) origin such as https://vintedbot.example.org')
    .transform((v) => (v === undefined ? undefined : new URL(v).origin)),
  // More names (or name:port) the server answers to in the Host header, besides loopback and PUBLIC_URL.
  ALLOWED_HOSTS: z
    .string()
    .default('')
    .transform((v) => v.split(',').map((s) => s.trim().toLowerCase()).filter(Boolean))
    .refine((list) => list.every((h) => /^(\[[0-9a-f:.]+\]|[a-z0-9.-]+)(:\d{1,5})?$/.test(h)), 'a comma-separated list of host names or host:port'),
  // Behind a reverse proxy: read the client address (X-Forwarded-For), protocol and host from it. `true` trusts
  // any proxy, a number trusts that many hops, a list trusts those addresses or CIDR ranges. Off by default.
  TRUST_PROXY: z
    .union([z.boolean(), z.string()])
    .default(false)
    .transform((v): boolean | number | string[] => {
      if (typeof v === 'boolean') return v;
      const t = v.trim().toLowerCase();
      if (['', '0', 'false', 'no', 'off'].includes(t)) return false;
      if (['true', 'yes', 'on'].includes(t)) return true;
      if (/^\d+$/.test(t)) return Number(t);
      return t.split(',').map((s) => s.trim()).filter(Boolean);
    }),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  NOTIFY_CONSOLE: bool.default(true),
  RATE_LIMIT_MAX: z.coerce.number().int().positive().default(600),
  RATE_LIMIT_WINDOW_MS: z.coerce.number().int().positive().default(60_000),
  BODY_LIMIT_BYTES: z.coerce.number().int().positive().default(1_048_576),
  JOB_CONCURRENCY: z.coerce.number().int().positive().default(Math.max(1, os.availableParallelism())),
  SECRET_KEY: optionalString,
  TZ: optionalString,
  // ── Photo intake (modules/photos) ──
  PHOTO_MAX_BYTES: z.coerce.number().int().positive().default(15 * 1024 * 1024),
  PHOTO_MAX_PIXELS: z.coerce.number().int().positive().default(100_000_000),
  PHOTO_MAX_FILES: z.coerce.number().int().min(1).max(1000).default(20),
  PHOTO_FETCH_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(10_000),
  PHOTO_FETCH_MAX_REDIRECTS: z.coerce.number().int().min(0).max(20).default(5),
  // ── Photo storage (platform/storage, modules/storage): local folder by default, or an S3-compatible bucket ──
  STORAGE: z.preprocess(blankToUndefined, z.enum(['local', 's3']).default('local')),
  S3_ENDPOINT: z.preprocess(blankToUndefined, httpUrl.optional()),
  S3_REGION: z.string().trim().min(1).default('us-east-1'),
  S3_BUCKET: optionalString.refine((v) => v === undefined || /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(v), 'must be a bucket name: 3–63 lower-case letters, digits, "." or "-"'),
  S3_ACCESS_KEY_ID: optionalString,
  S3_SECRET_ACCESS_KEY: optionalString,
  S3_FORCE_PATH_STYLE: bool.default(false),
  S3_PREFIX: z.string().default('').refine((v) => v === '' || /^[A-Za-z0-9._-]+(\/[A-Za-z0-9._-]+)*\/?$/.test(v), 'letters, digits, ".", "_", "-" and "/" between segments').transform((v) => (v && !v.endsWith('/') ? `${v}/` : v)),
  STORAGE_COLD_BUCKET: optionalString.refine((v) => v === undefined || /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(v), 'must be a bucket name'),
  STORAGE_COLD_DIR: optionalString,
  STORAGE_COLD_AFTER_DAYS: z.coerce.number().int().min(0).max(3650).default(0),
  STORAGE_SIGNED_URL_TTL_S: z.coerce.number().int().min(10).max(7 * 24 * 3600).default(300),
  STORAGE_LIFECYCLE_CRON: cronOrOff.default('45 3 * * *'),
  // ── Listing analysis (modules/analysis): the optional vision LLM, local models, previews ──
  LLM_PROVIDER: z.preprocess(blankToUndefined, z.enum(['offline', 'openai', 'anthropic', 'openai-compatible', 'ollama']).default('offline')),
  LLM_MODEL: optionalString,
  LLM_BASE_URL: z.preprocess(blankToUndefined, httpUrl.optional()),
  OPENAI_API_KEY: optionalString,
  ANTHROPIC_API_KEY: optionalString,
  // Unset: 30 s, or 3 minutes for Ollama (a vision model on a CPU takes tens of seconds per photo).
  LLM_TIMEOUT_MS: z.preprocess(blankToUndefined, z.coerce.number().int().min(100).max(600_000).optional()),
  LLM_MAX_RETRIES: z.coerce.number().int().min(0).max(10).default(2),
  LLM_RETRY_BASE_MS: z.coerce.number().int().min(0).max(60_000).default(1000),
  LLM_IMAGE_MAX_SIDE: z.coerce.number().int().min(128).max(768).default(768),
  LLM_MAX_IMAGES: z.coerce.number().int().min(1).max(20).default(4),
  LLM_COST_INPUT_PER_MTOK: z.preprocess(blankToUndefined, z.coerce.number().min(0).optional()),
  LLM_COST_OUTPUT_PER_MTOK: z.preprocess(blankToUndefined, z.coerce.number().min(0).optional()),
  MODELS_DIR: optionalString,
  INGEST_PREVIEW_TTL_S: z.coerce.number().int().min(60).max(7 * 24 * 3600).default(24 * 3600),
  // Vinted connector (modules/vinted): the site to drive, the browser that drives it, the publish queue's cadence.
  VINTED_BASE_URL: z.string().url().refine((v) => /^https?:\/\//.test(v), 'must be an http(s) URL').transform((v) => v.replace(/\/+$/, '')).default('https://www.vinted.fr'),
  CHROMIUM_PATH: z.string().min(1).default('/usr/bin/chromium'),
  VINTED_BROWSER_POOL_SIZE: z.coerce.number().int().min(1).max(8).default(2),
  VINTED_QUEUE_INTERVAL_SECONDS: z.coerce.number().int().min(0).max(3600).refine((v) => v === 0 || (v < 60 ? 60 % v === 0 : v % 60 === 0), 'must be 0 (off), divide 60, or be a multiple of 60').default(30),
  VINTED_NAV_TIMEOUT_MS: z.coerce.number().int().min(1000).max(120_000).default(30_000),
  // ── Price drops, files, purges (modules/pricing/drops, files, maintenance) ──
  PRICE_DROP_CRON: cronOrOff.default('0 3 * * *'),
  PURGE_CRON: cronOrOff.default('30 3 * * *'),
  PRICE_MODEL_CRON: cronOrOff.default('45 3 * * *'),
  IMPORT_MAX_ROWS: z.coerce.number().int().min(1).max(1_000_000).default(10_000),
  IMPORT_MAX_BYTES: z.coerce.number().int().min(1024).default(20 * 1024 * 1024),
  IMPORT_MAX_LINE_BYTES: z.coerce.number().int().min(1024).max(256 * 1024 * 1024).default(1024 * 1024),
  BACKUP_MAX_BYTES: z.coerce.number().int().min(1024).default(4 * 1024 ** 3),
  BACKUP_CRON: cronOrOff.default('off'),
  BACKUP_KEEP: z.coerce.number().int().min(1).max(365).default(7),
  BACKUP_MAX_ENTRIES: z.coerce.number().int().min(10).default(200_000),
  BACKUP_MAX_UNCOMPRESSED_BYTES: z.coerce.number().int().min(1024).default(8 * 1024 ** 3),
  // ── Bulk import (modules/bulk): batch and ZIP limits, grouping, plan defaults ──
  BULK_MAX_FILES: z.coerce.number().int().min(1).max(5000).default(500),
  BULK_MAX_TOTAL_BYTES: z.coerce.number().int().min(1024).default(4 * 1024 ** 3),
  BULK_ZIP_MAX_ENTRIES: z.coerce.number().int().min(1).max(100_000).default(2000),
  BULK_ZIP_MAX_UNCOMPRESSED_BYTES: z.coerce.number().int().min(1024).default(4 * 1024 ** 3),
  BULK_ZIP_MAX_RATIO: z.coerce.number().min(2).max(10_000).default(100),
  BULK_CLUSTER_EPS: z.coerce.number().gt(0).lt(1).default(0.5),
  BULK_MIN_SAMPLES: z.coerce.number().int().min(1).max(50).default(2),
  BULK_GROUPING: z.enum(['auto', 'sequence', 'density']).default('auto'),
  BULK_CONCURRENCY: z.coerce.number().int().min(1).max(16).default(Math.max(1, Math.min(4, os.availableParallelism()))),
  BULK_LABEL_OCR: bool.default(true),
  // Label OCR workers a bulk job reads with, one label each at a time (tesseract uses one core per worker), and the
  // memory they may hold together (about 200 MB each): the pool is the smaller of the two.
  BULK_OCR_WORKERS: z.coerce.number().int().min(1).max(8).default(Math.max(1, Math.min(2, os.availableParallelism()))),
  BULK_OCR_MAX_MB: z.coerce.number().int().min(200).max(8192).default(400),
  DEFAULT_PRICE: z.coerce.number().min(1).max(100_000).default(20),
  SELLER_CITY: optionalString,
  // JSON checked here; its rules (flat seed form or full rules) are read by pricing's one parser when the analysis
  // module starts, which names the variable in its errors too.
  PRICE_RULES_JSON: optionalString.refine((v) => v === undefined || isJson(v), 'is not valid JSON'),
  // ── Webhooks out (modules/webhooks): delivery time limit and the retry back-off ──
  WEBHOOK_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(10_000),
  WEBHOOK_RETRY_BASE_MS: z.coerce.number().int().min(10).max(3_600_000).default(30_000),
  WEBHOOK_RETRY_HOURS: z.coerce.number().min(0).max(168).default(24),
  // ── Billing (modules/billing): optional Stripe subscriptions in accounts mode. The plans' JSON is checked here;
  // its rules (plan ids, price ids, quotas, one free plan) by the billing module at start, naming the variable. ──
  STRIPE_SECRET_KEY: optionalString.refine((v) => v === undefined || /^(sk|rk)_[A-Za-z0-9_]+$/.test(v), 'must be a Stripe secret or restricted key (sk_… or rk_…)'),
  STRIPE_WEBHOOK_SECRET: optionalString.refine((v) => v === undefined || /^whsec_[A-Za-z0-9+/=_]+$/.test(v), 'must be the webhook endpoint\'s signing secret (whsec_…)'),
  STRIPE_PLANS: optionalString.refine((v) => v === undefined || isJson(v), 'is not valid JSON'),
  STRIPE_API_BASE: z.preprocess(blankToUndefined, httpUrl.optional()),
  REDIS_PREFIX: z.string().regex(/^[A-Za-z0-9:_-]{1,64}$/, 'letters, digits, ":", "_" or "-"').default('vintedbot'),
});

export type Config = z.infer<typeof configSchema> & { dataDir: string; version: string };

export class ConfigError extends Error {
  constructor(public readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1']);
export const isLoopbackHost = (host: string) => LOOPBACK.has(host) || host.startsWith('127.');

/** Parses the environment once, failing with every problem listed rather than the first. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, version = '0.0.0'): Config {
  const parsed = configSchema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`));
  }
  const cfg = parsed.data;
  const problems: string[] = [];
  if (!isLoopbackHost(cfg.HOST) && !cfg.API_TOKEN && cfg.AUTH_MODE === 'single') {
    problems.push(`HOST=${cfg.HOST} exposes the API beyond this machine: set API_TOKEN (16+ characters), use AUTH_MODE=accounts, or listen on 127.0.0.1`);
  }
  if (cfg.AUTH_MODE === 'accounts' && cfg.API_TOKEN) {
    problems.push('AUTH_MODE=accounts gives each person their own login and API tokens (account settings): unset API_TOKEN');
  }
  if (!!cfg.GOOGLE_CLIENT_ID !== !!cfg.GOOGLE_CLIENT_SECRET) problems.push(`${cfg.GOOGLE_CLIENT_ID ? 'GOOGLE_CLIENT_SECRET' : 'GOOGLE_CLIENT_ID'}: Sign in with Google needs both GOOGLE_CLIENT_ID and GOOGLE_CLIENT_SECRET (or neither, to leave it off)`);
  else if (cfg.GOOGLE_CLIENT_ID && cfg.AUTH_MODE !== 'accounts') problems.push('GOOGLE_CLIENT_ID: Sign in with Google signs people in to their own accounts: it needs AUTH_MODE=accounts');
  if (cfg.LLM_PROVIDER === 'openai-compatible' && !cfg.LLM_BASE_URL) {
    problems.push('LLM_PROVIDER=openai-compatible needs LLM_BASE_URL (e.g. http://127.0.0.1:11434/v1 for Ollama)');
  }
  if (cfg.STORAGE === 's3' && !cfg.S3_BUCKET) problems.push('STORAGE=s3 needs S3_BUCKET (and S3_ENDPOINT for a service other than AWS, e.g. http://127.0.0.1:9000 for MinIO)');
  if (!!cfg.S3_ACCESS_KEY_ID !== !!cfg.S3_SECRET_ACCESS_KEY) problems.push(`${cfg.S3_ACCESS_KEY_ID ? 'S3_SECRET_ACCESS_KEY' : 'S3_ACCESS_KEY_ID'}: set both S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY, or neither (the SDK's own credential chain)`);
  if (problems.length) throw new ConfigError(problems);
  return { ...cfg, dataDir: path.resolve(cfg.DATA_DIR), version };
}
