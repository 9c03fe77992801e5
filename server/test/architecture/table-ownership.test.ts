import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

// One owner per table: SQL runs only in `*.repository.ts` files (and migrations), and only the owner's repositories
// write a table. Other modules ask the owner's service. A repository may read another module's table only in a
// join listed in READ_JOINS, each with its reason (a lookup that would otherwise cost one query per row).
const SRC = path.resolve(import.meta.dirname, '../../src');
const OWNERS: Record<string, string[]> = {
  'modules/listings': ['items', 'price_history', 'item_photos'],
  'modules/photos': ['photos', 'photo_hash_bands'],
  'modules/duplicates': ['title_tokens', 'title_index_state', 'photo_embeddings'],
  'modules/pricing': ['price_drop_days', 'price_drop_runs', 'price_models'],
  'modules/bulk': ['bulk_jobs', 'bulk_photos', 'bulk_clusters', 'bulk_plans', 'bulk_results', 'bulk_log'],
  'modules/vinted': ['vinted_accounts', 'vinted_guard', 'vinted_idempotency', 'vinted_locks', 'vinted_prepared', 'vinted_publish_log', 'vinted_queue', 'vinted_session', 'vinted_staged_photos'],
  'modules/insights': ['brand_counts', 'stock_counters'],
  'modules/orders': ['orders'],
  'modules/webhooks': ['webhooks', 'webhook_deliveries'],
  'modules/history': ['history'],
  'modules/templates': ['description_templates'],
  'modules/extension': ['extension_pairing_codes', 'extension_tokens'],
  'modules/analysis': ['seller_memory', 'seller_memory_versions'],
  'modules/storage': ['storage_cold_photos'],
  'modules/studio': ['photo_edits'],
  'modules/accounts': ['users', 'auth_sessions', 'user_api_tokens', 'auth_links', 'auth_throttle', 'auth_settings', 'external_identities'],
  'modules/quotas': ['user_quotas', 'quota_usage'],
  'modules/billing': ['billing_accounts', 'billing_events'],
  'platform/jobs': ['job_runs', 'scheduler_ticks'],
  // settings_owned: migration 0019's rebuild of settings (owner_id, key), renamed to settings at once.
  'platform/settings': ['settings', 'settings_owned'],
};
const READ_JOINS: Record<string, { tables: string[]; why: string }> = {
  'modules/listings': { tables: ['photos'], why: "an item's photo list carries each photo's size and hash, read with the item in one query" },
  'modules/orders': { tables: ['items'], why: 'an order is shown with its item (title, SKU, storage location): the to-ship list and the ledger read them in one query' },
  'modules/insights': { tables: ['items'], why: 'with several people (AUTH_MODE=accounts) the trigger-kept counters count the whole install: each person\'s /stats is one aggregate over their own items' },
  'modules/pricing': { tables: ['price_history'], why: 'with several people the per-day drop counts are install-wide: each person\'s 30-day count is one count over their own price history' },
  'modules/analytics': { tables: ['items', 'orders', 'price_history', 'item_photos'], why: 'the figures are sums and medians over the stock and the sales, computed by the database in one query each (< 50 ms at 100 k items); the sales history for the price model reads each sold item with its photo and drop counts' },
};
const WRITE_REF = /\b(?:insertInto|updateTable|deleteFrom|replaceInto|mergeInto)\(\s*'([a-z_]+)/g;
const QUERY = /\b(selectFrom|insertInto|updateTable|deleteFrom|replaceInto|mergeInto)\b|\bsql`/;
const TABLE_REF = /\b(?:selectFrom|insertInto|updateTable|deleteFrom|replaceInto|mergeInto|innerJoin|leftJoin|rightJoin|fullJoin|join)\(\s*'([a-z_]+)/g;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === 'migrations' ? [] : sourceFiles(p);
    return /\.ts$/.test(e.name) && !/\.test\.ts$/.test(e.name) ? [p] : [];
  });
}

const files = sourceFiles(SRC).map((p) => ({ rel: path.relative(SRC, p).split(path.sep).join('/'), text: readFileSync(p, 'utf8') }));
const ownerOf = (rel: string) => Object.keys(OWNERS).find((o) => rel.startsWith(`${o}/`));

describe('table ownership', () => {
  it('runs SQL only in repository files', () => {
    const offenders = files.filter((f) => QUERY.test(f.text) && !f.rel.endsWith('.repository.ts')).map((f) => f.rel);
    expect(offenders).toEqual([]);
  });

  it("has only a table's owner write it", () => {
    const strays: string[] = [];
    for (const f of files.filter((x) => x.rel.endsWith('.repository.ts'))) {
      const owner = ownerOf(f.rel);
      const mine = owner ? OWNERS[owner] : [];
      for (const m of f.text.matchAll(WRITE_REF)) if (!mine.includes(m[1])) strays.push(`${f.rel} writes ${m[1]}`);
    }
    expect([...new Set(strays)]).toEqual([]);
  });

  it("reads another module's table only in a listed join", () => {
    const strays: string[] = [];
    for (const f of files.filter((x) => x.rel.endsWith('.repository.ts'))) {
      const owner = ownerOf(f.rel);
      const allowed = [...(owner ? OWNERS[owner] : []), ...(owner ? (READ_JOINS[owner]?.tables ?? []) : [])];
      for (const m of f.text.matchAll(TABLE_REF)) if (!allowed.includes(m[1])) strays.push(`${f.rel} reads ${m[1]}`);
    }
    expect([...new Set(strays)]).toEqual([]);
  });

  it('knows an owner for every table the migrations create', () => {
    const migrations = readdirSync(path.join(SRC, 'platform/db/migrations')).map((n) => readFileSync(path.join(SRC, 'platform/db/migrations', n), 'utf8')).join('\n');
    const created = [...migrations.matchAll(/createTable\(\s*'([a-z_]+)'/g)].map((m) => m[1]);
    const owned = Object.values(OWNERS).flat();
    expect(created.length).toBeGreaterThan(20);
    expect(created.filter((t) => !owned.includes(t))).toEqual([]);
  });
});
