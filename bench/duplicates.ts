// bench/duplicates: duplicate lookup (ctx.duplicates.findMatches: 3 photos + a title) against a stock of 100 k active
// items, each with one photo (100 k photos) and a title. Target (issue 3): ≤ 20 ms per lookup.
// Hashes are made from the real perceptual hashes of shared/datasets/clothing-train with 10–24 bits flipped: they
// cluster like real photos do (median distance between two of them 31, as between two different real photos, and
// bands collide about as often), a harder case than uniform random hashes. Colour layouts likewise.
// BENCH_ITEMS to change the size; DATABASE_URL to run it on PostgreSQL.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import pino from 'pino';
import sharp from 'sharp';
import { loadConfig } from '../server/src/config.ts';
import { closeContext, createContext } from '../server/src/context.ts';
import { colourSignature } from '../server/src/modules/photos/colour-signature.ts';
import { phash } from '../server/src/modules/photos/phash.ts';
import { bandRows } from '../server/src/modules/photos/photos.repository.ts';
import { photosDb } from '../server/src/modules/photos/photos.tables.ts';
import type { ItemsTable } from '../server/src/platform/db/schema.ts';
import { newId } from '../server/src/platform/time.ts';
import { fmt, peakRss, summary } from './lib.ts';

const N = Number(process.env.BENCH_ITEMS ?? 100_000);
const QUERIES = Number(process.env.BENCH_QUERIES ?? 300);
const TRAIN = '/work/shared/datasets/clothing-train';

// A deterministic generator, so two runs build the same stock.
let seed = 12345;
const rnd = () => ((seed = (seed * 1664525 + 1013904223) >>> 0) / 2 ** 32);
const pick = <T>(xs: readonly T[]) => xs[Math.floor(rnd() * xs.length)];

const CATEGORIES = ['Jupe', 'Robe', 'Pull', 'T-shirt', 'Chemise', 'Jean', 'Pantalon', 'Veste', 'Manteau', 'Sweat', 'Short', 'Blouse', 'Gilet', 'Baskets', 'Bottines', 'Sac', 'Doudoune', 'Parka', 'Top', 'Combinaison'];
const COLOURS = ['noir', 'blanc', 'gris', 'beige', 'marron', 'bleu', 'bleu marine', 'rouge', 'bordeaux', 'rose', 'violet', 'vert', 'kaki', 'jaune', 'orange', 'multicolore'];
const BRANDS = ['Zara', 'H&M', 'Mango', 'Nike', 'Adidas', "Levi's", 'Ralph Lauren', 'Lacoste', 'Kiabi', 'Uniqlo', 'Sézane', 'Jules', 'Celio', 'Promod', 'Naf Naf', 'Bershka', 'Pull&Bear', 'Stradivarius', 'Tommy Hilfiger', 'Calvin Klein', 'Gap', 'Asos', 'Shein', 'Vero Moda', 'Only', 'Jack & Jones', 'Kookaï', 'Maje', 'Sandro', 'The Kooples', 'Petit Bateau', 'Cyrillus', 'Desigual', 'Guess', 'Diesel', 'Puma', 'Reebok', 'New Balance', 'Converse', 'Vans'];
const SIZES = ['XS', 'S', 'M', 'L', 'XL', '36', '38', '40', '42', '44'];
const DETAILS = ['plissée', 'longue', 'courte', 'col rond', 'col V', 'slim', 'oversize', 'à capuche', 'en laine', 'en lin', 'en jean', 'fleurie', 'rayée', 'à carreaux', 'cintrée', 'droite', 'évasée', 'brodée', 'en cuir', 'matelassée', '', '', '', ''];
const title = () => `${pick(CATEGORIES)} ${pick(DETAILS)} ${pick(COLOURS)} ${pick(BRANDS)} ${pick(SIZES)}`.replace(/\s+/g, ' ');

function flipBits(hash: string, k: number): string {
  let hi = parseInt(hash.slice(0, 8), 16), lo = parseInt(hash.slice(8), 16);
  const bits = new Set<number>();
  while (bits.size < k) bits.add(Math.floor(rnd() * 64));
  for (const b of bits) if (b < 32) hi ^= 1 << b; else lo ^= 1 << (b - 32);
  return (hi >>> 0).toString(16).padStart(8, '0') + (lo >>> 0).toString(16).padStart(8, '0');
}
const noisyColour = (sig: string) => Buffer.from(Buffer.from(sig, 'hex').map((v) => Math.max(0, Math.min(255, v + Math.round((rnd() - 0.5) * 12))))).toString('hex');

// Real hashes and colour layouts to build from.
const files = fs.readFileSync(path.join(TRAIN, 'labels.csv'), 'utf8').trim().split('\n').slice(1).map((l) => l.split(',')[0]);
const bases: { hash: string; colour: string }[] = [];
for (const f of files) {
  const px = await sharp(path.join(TRAIN, f)).resize(256, 256, { fit: 'inside' }).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  const d = { rgb: px.data, width: px.info.width, height: px.info.height };
  bases.push({ hash: phash(d), colour: colourSignature(d) });
}

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'vintedbot-bench-dup-'));
const config = loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'silent', NOTIFY_CONSOLE: 'false', ...(process.env.DATABASE_URL ? { DATABASE_URL: process.env.DATABASE_URL } : {}) }, 'bench');
let pgSchema: string | undefined;
if (config.DATABASE_URL) {
  const pg = (await import('pg')).default;
  pgSchema = `bench_dup_${Date.now()}`;
  const c = new pg.Client({ connectionString: config.DATABASE_URL });
  await c.connect();
  await c.query(`create schema ${pgSchema}`);
  await c.end();
}
const ctx = await createContext(config, { logger: pino({ level: 'silent' }), notify: () => {}, pgSchema });
try {
  const db = photosDb(ctx.db);
  const stock: { id: string; title: string; brand: string; size: string; hash: string; colour: string }[] = [];
  const t0 = performance.now();
  const at = new Date('2025-01-01T00:00:00Z').toISOString();
  for (let start = 0; start < N; start += 500) {
    const batch = Array.from({ length: Math.min(500, N - start) }, () => {
      const base = pick(bases);
      const t = title();
      return { id: newId(), photoId: newId(), title: t, brand: BRANDS.find((b) => t.includes(b))!, size: t.split(' ').pop()!, hash: flipBits(base.hash, 10 + Math.floor(rnd() * 15)), colour: noisyColour(base.colour) };
    });
    stock.push(...batch);
    await db.transaction().execute(async (trx) => {
      await trx.insertInto('items').values(batch.map((b): ItemsTable => ({
        id: b.id, title: b.title, description: '', brand: b.brand, category: null, size: b.size, condition: 'good', colors: '[]', material: null, gender: null,
        keywords: '[]', hashtags: '[]', price_cents: 1500, suggestion_min_cents: null, suggestion_target_cents: null, suggestion_max_cents: null,
        suggestion_justification: null, status: rnd() < 0.5 ? 'draft' : 'listed', listed_at: null, sold_at: null, sold_price_cents: null, archived_at: null,
        possible_duplicate: 0, duplicate_of: '[]', estimated_sale_score: null, sale_score_breakdown: null, publish_ready: 0, missing_fields: '[]',
        vinted_listing_id: null, vinted_url: null, auto_drop: 1, drop_rate: null, floor_cents: null, publish_opt_in: 0, demo: 0, search_text: '', extra: '{}',
        created_at: at, updated_at: at,
      }))).execute();
      await trx.insertInto('photos').values(batch.map((b) => ({
        id: b.photoId, sha256: newId().replace(/-/g, '').padEnd(64, '0'), mime: 'image/jpeg', width: 1200, height: 1600, bytes: 300_000,
        phash: b.hash, colors: null, quality: null, taken_at: null, original_name: null, created_at: at,
      }))).execute();
      await trx.insertInto('item_photos').values(batch.map((b) => ({ item_id: b.id, photo_id: b.photoId, position: 0 }))).execute();
      await trx.insertInto('photo_hash_bands').values(batch.flatMap((b) => bandRows(b.photoId, b.hash, b.colour))).execute();
    });
  }
  // Planner statistics, as autovacuum (PostgreSQL) or a periodic ANALYZE would have them after a bulk load.
  await sql`analyze`.execute(ctx.db);
  const seedMs = performance.now() - t0;
  const t1 = performance.now();
  await ctx.duplicates.reconcile(); // what a start-up does: the title index for every active item
  const indexMs = performance.now() - t1;
  console.log(`${N} active items, ${N} photos (${config.DATABASE_URL ? 'PostgreSQL' : 'SQLite'}): seeded in ${(seedMs / 1000).toFixed(1)} s, title index built in ${(indexMs / 1000).toFixed(1)} s`);

  // Lookups: 3 photos and a title. Half carry a near copy of a stored photo (2 bits flipped) and a reworded title of
  // a stored item; the other half are new articles.
  const times: number[] = [];
  const cpu: number[] = [];
  let planted = 0, found = 0, matchesTotal = 0;
  const { peakMb } = await peakRss(async () => {
    for (let q = 0; q < QUERIES + 20; q++) {
      const target = pick(stock);
      const dup = q % 2 === 0;
      const photos = [0, 1, 2].map((i) => {
        if (dup && i === 0) return { phash: flipBits(target.hash, 2), colour_signature: noisyColour(target.colour) };
        const b = pick(bases);
        return { phash: flipBits(b.hash, 10 + Math.floor(rnd() * 15)), colour_signature: noisyColour(b.colour) };
      });
      const words = target.title.split(' ');
      const query = dup ? { title: [words[0], ...words.slice(1).reverse()].join(' '), brand: target.brand, size: target.size } : { title: title() };
      const c0 = process.cpuUsage();
      const s = performance.now();
      const matches = await ctx.duplicates.findMatches({ photos, ...query });
      const ms = performance.now() - s;
      const c = process.cpuUsage(c0);
      if (q < 20) continue; // warm-up
      times.push(ms);
      cpu.push((c.user + c.system) / 1000);
      matchesTotal += matches.length;
      if (dup) {
        planted++;
        if (matches.some((m) => m.item_id === target.id)) found++;
      }
    }
  });
  const s = summary(times);
  const cs = summary(cpu);
  console.log(`findMatches (3 photos + title), ${times.length} lookups: wall p50 ${fmt(s.p50)}, p95 ${fmt(s.p95)}, max ${fmt(s.max)}   (target ≤ 20 ms)`);
  console.log(`  CPU of this process per lookup: p50 ${fmt(cs.p50)}, p95 ${fmt(cs.p95)}   (load average now ${os.loadavg()[0].toFixed(1)} on ${os.availableParallelism()} cores)`);
  console.log(`planted duplicates found: ${found} / ${planted}; matches per lookup on average: ${(matchesTotal / times.length).toFixed(1)}; peak RSS ${peakMb.toFixed(0)} MB`);
} finally {
  await closeContext(ctx);
  if (pgSchema && config.DATABASE_URL) {
    const pg = (await import('pg')).default;
    const c = new pg.Client({ connectionString: config.DATABASE_URL });
    await c.connect();
    await c.query(`drop schema if exists ${pgSchema} cascade`);
    await c.end();
  }
  fs.rmSync(dataDir, { recursive: true, force: true });
}
