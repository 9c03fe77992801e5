// bench/duplicates-calibrate: sets and checks the perceptual-hash distance under which two photos are "the same
// photo". Calibration on shared/datasets/clothing-train, evaluation on clothing-dev, both through the intake's own
// decode and hash. Each original gets derived copies a reseller's photo goes through (recompressed, resized,
// cropped 5 %, brightness ±15 %); a copy must match its original, and no two different garments may match.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp, { type Sharp } from 'sharp';
import { decodeOnce } from '../server/src/modules/photos/decode-once.ts';
import { colourDistance, colourSignature } from '../server/src/modules/photos/colour-signature.ts';
import { hammingDistance, phash } from '../server/src/modules/photos/phash.ts';
import { IMAGE_MATCH_STEPS, imagesMatch } from '../server/src/modules/duplicates/image-match.ts';

const ROOT = '/work/shared/datasets';
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'vintedbot-calibrate-'));

type Derive = (s: Sharp, w: number, h: number) => Sharp;
const COPIES: Record<string, Derive> = {
  'recompress q50': (s) => s.jpeg({ quality: 50 }),
  'resize 50 %': (s, w) => s.resize(Math.round(w / 2)).jpeg({ quality: 85 }),
  'upscale 200 %': (s, w) => s.resize(w * 2).jpeg({ quality: 85 }),
  'crop 5 % centred': (s, w, h) => s.extract(crop(w, h, 0.5)).jpeg({ quality: 90 }),
  'crop 5 % corner': (s, w, h) => s.extract(crop(w, h, 0)).jpeg({ quality: 90 }),
  'brightness +15 %': (s) => s.modulate({ brightness: 1.15 }).jpeg({ quality: 90 }),
  'brightness −15 %': (s) => s.modulate({ brightness: 0.85 }).jpeg({ quality: 90 }),
  'resize 60 % + q70 + brighter 10 %': (s, w) => s.resize(Math.round(w * 0.6)).modulate({ brightness: 1.1 }).jpeg({ quality: 70 }),
};
/** 5 % of the area off: the kept window is √0.95 of each side, placed at `at` (0 = top-left corner, 0.5 = centred). */
function crop(w: number, h: number, at: number) {
  const k = Math.sqrt(0.95);
  const cw = Math.round(w * k), ch = Math.round(h * k);
  return { left: Math.round((w - cw) * at), top: Math.round((h - ch) * at), width: cw, height: ch };
}

interface Sig { hash: string; colour: string }
interface Photo extends Sig { file: string; sender: string; copies: Record<string, Sig> }

async function hashFile(file: string): Promise<Sig> {
  const d = await decodeOnce(file, 'jpeg', { index: 0 }, { maxPixels: 100e6 });
  await d.files;
  return { hash: phash(d.decoded), colour: colourSignature(d.decoded) };
}

// Hashing ~8 000 files takes minutes; CALIBRATE_CACHE=<file.json> keeps them between runs while tuning.
const CACHE = process.env.CALIBRATE_CACHE;
const cache: Record<string, Photo[]> = CACHE && fs.existsSync(CACHE) ? JSON.parse(fs.readFileSync(CACHE, 'utf8')) : {};

async function load(set: string): Promise<Photo[]> {
  if (cache[set]) return cache[set];
  const photos = await hashSet(set);
  if (CACHE) fs.writeFileSync(CACHE, JSON.stringify({ ...cache, [set]: photos }));
  cache[set] = photos;
  return photos;
}

async function hashSet(set: string): Promise<Photo[]> {
  const rows = fs.readFileSync(path.join(ROOT, set, 'labels.csv'), 'utf8').trim().split('\n');
  const head = rows[0].split(',');
  const fileCol = head.indexOf('file'), senderCol = head.indexOf('sender_id');
  const out: Photo[] = [];
  for (const line of rows.slice(1)) {
    const cols = line.split(',');
    const file = path.join(ROOT, set, cols[fileCol]);
    const m = await sharp(file).metadata();
    const copies: Record<string, Sig> = {};
    for (const [name, derive] of Object.entries(COPIES)) {
      const out = path.join(tmp, 'copy.jpg');
      await derive(sharp(file), m.width!, m.height!).toFile(out);
      copies[name] = await hashFile(out);
    }
    out.push({ file, sender: cols[senderCol], ...(await hashFile(file)), copies });
  }
  return out;
}

interface Pair { h: number; c: number; sameSender: boolean }
const dist = (a: Sig, b: Sig) => ({ h: hammingDistance(a.hash, b.hash), c: colourDistance(a.colour, b.colour) });

// Two files of clothing-train show the same skirt, photographed twice (checked by eye): not a pair of different garments.
const SAME_GARMENT = [['02341619-2fa3-42d4-bb5e-689518228e67', '78b7da73-ca6c-4e99-b88d-a9f358e7f0f2']];
const sameGarment = (a: Photo, b: Photo) => SAME_GARMENT.some(([x, y]) => (a.file.includes(x) && b.file.includes(y)) || (a.file.includes(y) && b.file.includes(x)));

/** Pairs of different garments close enough in hash to matter (the others can never match). */
function negatives(photos: Photo[], maxHash = 16): { close: Pair[]; total: number; sameSenderTotal: number } {
  const close: Pair[] = [];
  let total = 0, sameSenderTotal = 0;
  for (let i = 0; i < photos.length; i++) {
    for (let j = i + 1; j < photos.length; j++) {
      if (sameGarment(photos[i], photos[j])) continue;
      total++;
      const same = photos[i].sender === photos[j].sender;
      if (same) sameSenderTotal++;
      const h = hammingDistance(photos[i].hash, photos[j].hash);
      if (h <= maxHash) close.push({ h, c: colourDistance(photos[i].colour, photos[j].colour), sameSender: same });
    }
  }
  return { close, total, sameSenderTotal };
}

const pct = (x: number) => `${(100 * x).toFixed(1)} %`;
const ok = (p: { h: number; c: number }, th: number, tc: number) => p.h <= th && p.c <= tc;

try {
  const t0 = performance.now();
  const train = await load('clothing-train');
  const neg = negatives(train);
  const positives = train.flatMap((p) => Object.values(p.copies).map((c) => dist(p, c)));
  console.log(`clothing-train: ${train.length} photos, ${positives.length} copy pairs, ${neg.total} pairs of different garments (${neg.sameSenderTotal} from the same seller), ${((performance.now() - t0) / 1000).toFixed(0)} s`);

  console.log('\nhash alone:  distance ≤   copies matched   different garments matched (same seller)');
  for (let t = 0; t <= 16; t += 2) {
    const fp = neg.close.filter((p) => p.h <= t);
    console.log(`             ${String(t).padStart(2)}          ${pct(positives.filter((p) => p.h <= t).length / positives.length).padStart(7)}          ${String(fp.length).padStart(5)} (${fp.filter((p) => p.sameSender).length})`);
  }
  console.log('\nhash and colour layout: for each hash distance, the colour limit that keeps every pair of different garments apart');
  const steps: { maxHash: number; maxColour: number }[] = [];
  for (const th of [4, 6, 8, 10]) {
    const closest = neg.close.filter((p) => p.h <= th).reduce((m, p) => Math.min(m, p.c), Infinity);
    const tc = Math.floor(closest * 0.9 * 10) / 10;
    const recall = positives.filter((p) => ok(p, th, tc)).length / positives.length;
    console.log(`  hash ≤ ${String(th).padStart(2)}: closest different garments at colour ${closest.toFixed(2)} → colour ≤ ${tc.toFixed(1)}: recall ${pct(recall)}`);
    if (!steps.length || tc < steps[steps.length - 1].maxColour) steps.push({ maxHash: th, maxColour: tc });
    else steps[steps.length - 1] = { maxHash: th, maxColour: steps[steps.length - 1].maxColour };
  }
  console.log(`calibrated steps: ${JSON.stringify(steps)}`);
  console.log(`in code:          ${JSON.stringify(IMAGE_MATCH_STEPS)}`);
  const trainFp = neg.close.filter((p) => imagesMatch(p.h, p.c)).length;
  console.log(`clothing-train with the rule in code: recall ${pct(positives.filter((p) => imagesMatch(p.h, p.c)).length / positives.length)}, ${trainFp} false matches among ${neg.total} pairs`);
  for (const name of Object.keys(COPIES)) {
    const ds = train.map((p) => dist(p, p.copies[name]));
    const hs = ds.map((d) => d.h).sort((a, b) => a - b);
    console.log(`  ${name.padEnd(36)} recall ${pct(ds.filter((d) => imagesMatch(d.h, d.c)).length / ds.length).padStart(7)}   hash distance median ${hs[hs.length >> 1]}, max ${hs[hs.length - 1]}`);
  }

  const dev = await load('clothing-dev');
  let tp = 0, fn = 0, fp = 0, negPairs = 0;
  const perCopy: Record<string, number> = {};
  for (const [i, p] of dev.entries()) {
    for (const [name, c] of Object.entries(p.copies)) {
      const d = dist(p, c);
      if (imagesMatch(d.h, d.c)) { tp++; perCopy[name] = (perCopy[name] ?? 0) + 1; } else fn++;
      for (const [j, q] of dev.entries()) {
        if (j === i) continue;
        negPairs++;
        const e = dist(q, c);
        if (imagesMatch(e.h, e.c)) fp++;
      }
    }
    for (const q of dev.slice(i + 1)) {
      negPairs++;
      const e = dist(p, q);
      if (imagesMatch(e.h, e.c)) fp++;
    }
  }
  console.log(`\nclothing-dev with the rule in code: precision ${pct(tp / Math.max(1, tp + fp))}, recall ${pct(tp / (tp + fn))} ` +
    `(${tp} of ${tp + fn} copies matched, ${fp} false matches among ${negPairs} pairs of different garments)`);
  for (const name of Object.keys(COPIES)) console.log(`  ${name.padEnd(36)} ${perCopy[name] ?? 0} / ${dev.length}`);
} finally {
  fs.rmSync(tmp, { recursive: true, force: true });
}
