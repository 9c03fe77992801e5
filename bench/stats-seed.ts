// Shared seeding for bench/pricing.ts, bench/stats.ts and bench/files.ts (run alone it does nothing).
// Rows go straight into the tables in batches (as bench/store.ts does), with the price history an item created
// through the API would have; the stats triggers fire as they would in use.
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import type { Kysely } from 'kysely';
import type { Database, ItemsTable } from '../server/src/platform/db/schema.ts';
import { newId } from '../server/src/platform/time.ts';

const BRANDS = ['Zara', 'Nike', 'Levi’s', 'H&M', 'Ralph Lauren', 'Adidas', 'Mango', 'Kiabi', 'Uniqlo', 'Lacoste', 'Sézane', 'Petit Bateau'];
const CATS = ['t-shirt', 'jeans', 'hoodie', 'dress', 'jacket', 'trainers', 'skirt', 'shorts', 'jumper', 'coat'];
const CONDITIONS = ['new_with_tags', 'very_good', 'good', 'satisfactory'];
const DAY = 86_400_000;

/** Item i's status: the first 1,000 archived (the PDF bench prints them), then 4/9 listed, 2/9 draft, 3/9 sold. */
export function statusOf(i: number): string {
  if (i < 1000) return 'archived';
  const r = i % 9;
  return r < 4 ? 'listed' : r < 6 ? 'draft' : 'sold';
}

function row(i: number, now: number): ItemsTable {
  const created = new Date(now - (400 - (i % 400)) * DAY - (i % 86_400) * 1000).toISOString();
  const brand = BRANDS[i % BRANDS.length];
  const cat = CATS[i % CATS.length];
  const size = ['S', 'M', 'L', 'XL', '38', '40'][i % 6];
  const title = `${cat} ${brand} taille ${size} n°${i}`;
  const status = statusOf(i);
  const price = 500 + ((i * 7919) % 9500);
  const listedAt = status === 'draft' ? null : new Date(Date.parse(created) + DAY).toISOString();
  return {
    id: newId(), title, description: `Article ${i}, ${cat} ${brand}, bon état, envoi rapide.`, brand, category: cat, size,
    condition: CONDITIONS[i % CONDITIONS.length], colors: '["black"]', material: 'coton', gender: null, keywords: '["coton"]', hashtags: '["vinted","mode","occasion"]',
    price_cents: price, suggestion_min_cents: Math.round(price * 0.6), suggestion_target_cents: price, suggestion_max_cents: Math.round(price * 1.3),
    suggestion_justification: 'bench', status, listed_at: listedAt,
    sold_at: status === 'sold' ? new Date(Date.parse(created) + (3 + (i % 40)) * DAY).toISOString() : null,
    sold_price_cents: status === 'sold' ? price - 100 : null, archived_at: status === 'archived' ? new Date(now - DAY).toISOString() : null,
    possible_duplicate: i % 97 === 0 ? 1 : 0, duplicate_of: '[]', estimated_sale_score: (i * 37) % 100, sale_score_breakdown: null,
    publish_ready: 0, missing_fields: '["too_few_photos"]', vinted_listing_id: null, vinted_url: null, auto_drop: 1, drop_rate: null, floor_cents: null,
    publish_opt_in: 0, demo: 0, search_text: title.toLowerCase(), extra: '{}', created_at: created, updated_at: created,
  };
}

/** Seeds `n` items (and their initial price history) in batches; returns the seconds it took. */
export async function seedItems(db: Kysely<Database>, n: number, log = (s: string) => process.stdout.write(s)): Promise<number> {
  const t0 = performance.now();
  const now = Date.now();
  const BATCH = 400;
  for (let start = 0; start < n; start += BATCH * 10) {
    await db.transaction().execute(async (trx) => {
      for (let s = start; s < Math.min(n, start + BATCH * 10); s += BATCH) {
        const rows = Array.from({ length: Math.min(BATCH, n - s) }, (_, k) => row(s + k, now));
        await trx.insertInto('items').values(rows).execute();
        await trx.insertInto('price_history').values(rows.map((r) => ({ item_id: r.id, at: r.created_at, old_price_cents: null, new_price_cents: r.price_cents!, reason: 'initial', rule: null }))).execute();
      }
    });
    if (n >= 100_000 && start % 100_000 === 0) log(`  seeded ${start.toLocaleString('en')}…\r`);
  }
  return (performance.now() - t0) / 1000;
}

/**
 * Gives the archived items a photo each: photo rows and thumbnail files written directly (40 distinct drawn
 * thumbnails under distinct content names), so the PDF bench decodes real WebP files.
 */
export async function seedThumbnails(db: Kysely<Database>, dataDir: string, limit = 1000): Promise<void> {
  const items = await db.selectFrom('items').select('id').where('status', '=', 'archived').orderBy('created_at').limit(limit).execute();
  const thumbs = await Promise.all(Array.from({ length: 40 }, (_, k) => sharp({ create: { width: 400, height: 400, channels: 3, background: `hsl(${k * 9}, 60%, 55%)` } })
    .composite([{ input: Buffer.from(`<svg width="400" height="400"><rect x="${80 + k}" y="60" width="240" height="300" rx="40" fill="white" opacity="0.7"/></svg>`) }])
    .webp({ quality: 80 }).toBuffer()));
  const photos = [];
  for (const [k, it] of items.entries()) {
    const sha = (k.toString(16).padStart(8, '0') + 'b'.repeat(56)).slice(0, 64);
    const file = path.join(dataDir, 'photos', sha.slice(0, 2), `${sha}.thumb.webp`);
    await fs.mkdir(path.dirname(file), { recursive: true });
    await fs.writeFile(file, thumbs[k % thumbs.length]);
    photos.push({ id: newId(), sha256: sha, mime: 'image/jpeg', width: 400, height: 400, bytes: thumbs[k % thumbs.length].length, phash: null, colors: null, quality: null, taken_at: null, original_name: null, created_at: new Date().toISOString(), item: it.id });
  }
  for (let i = 0; i < photos.length; i += 200) {
    const chunk = photos.slice(i, i + 200);
    await db.insertInto('photos').values(chunk.map(({ item: _item, ...p }) => p)).execute();
    await db.insertInto('item_photos').values(chunk.map((p) => ({ item_id: p.item, photo_id: p.id, position: 0 }))).execute();
  }
}

/** A 1,000-row French import file (new items; semicolons, decimal comma). */
export function importCsv(rows = 1000, tag = 'imp'): string {
  const lines = ['titre;prix;taille;marque;état;catégorie;description;statut;couleur'];
  for (let i = 0; i < rows; i++) {
    lines.push(`Article importé ${tag} ${i} ${BRANDS[i % BRANDS.length]};${(5 + (i % 60)).toString()},${i % 2 ? '50' : '90'};${['S', 'M', 'L'][i % 3]};${BRANDS[i % BRANDS.length]};${['Très bon état', 'Bon état', 'Neuf avec étiquette'][i % 3]};${['pull', 'jean', 'robe', 't-shirt'][i % 4]};Description de l'article ${i};${i % 2 ? 'en vente' : 'brouillon'};${['noir', 'bleu marine', 'blanc'][i % 3]}`);
  }
  return `${lines.join('\n')}\n`;
}

export const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

/** Wall time and this process's CPU time of `fn`: the machine is shared, so CPU time is the steadier figure. */
export async function timed<T>(fn: () => Promise<T>): Promise<{ result: T; wall: number; cpu: number }> {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const result = await fn();
  const c = process.cpuUsage(c0);
  return { result, wall: performance.now() - t0, cpu: (c.user + c.system) / 1000 };
}

export const ms = (x: number) => `${x.toFixed(x < 10 ? 2 : 0)} ms`;
export const both = (r: { wall: number; cpu: number }) => `${ms(r.wall)} (cpu ${ms(r.cpu)})`;

/** The load average, printed with the figures: other work on the machine slows the wall-clock ones. */
export const load = () => os.loadavg()[0].toFixed(1);
