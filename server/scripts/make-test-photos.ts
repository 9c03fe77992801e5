// npx tsx server/scripts/make-test-photos.ts [clothing-dev folder]
// Makes the committed test photos (server/test/fixtures/photos) from the development set of the shared datasets:
// the first PER_CLASS photos of each class (file-name order), and their rows of labels.csv and colours.csv. A photo
// at most LONG_SIDE px on its long side is copied byte for byte (re-encoding these small, already compressed files
// only made them larger); a longer one is downscaled to LONG_SIDE px as JPEG quality QUALITY, without metadata.
// See that folder's SOURCE.md.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import sharp from 'sharp';

const PER_CLASS = 6;
const LONG_SIDE = 640;
const QUALITY = 80;

const root = path.resolve(import.meta.dirname, '../..');
const src = path.resolve(process.argv[2] ?? path.join(root, '../shared/datasets/clothing-dev'));
const out = path.join(root, 'server/test/fixtures/photos');
if (!fs.existsSync(path.join(src, 'labels.csv'))) {
  console.error(`no labels.csv in ${src}: pass the clothing-dev folder`);
  process.exit(2);
}

type Row = Record<string, string>;
const read = (f: string) => parse(fs.readFileSync(path.join(src, f)), { columns: true, skip_empty_lines: true }) as Row[];
const csvCell = (v: string) => (/[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
const csv = (cols: string[], rows: Row[]) => [cols.join(','), ...rows.map((r) => cols.map((c) => csvCell(r[c] ?? '')).join(','))].join('\n') + '\n';

const labels = read('labels.csv');
const byClass = new Map<string, Row[]>();
for (const r of labels) byClass.set(r.class, [...(byClass.get(r.class) ?? []), r]);
const picked = [...byClass.values()].flatMap((rows) => [...rows].sort((a, b) => a.file.localeCompare(b.file)).slice(0, PER_CLASS));

fs.rmSync(out, { recursive: true, force: true });
const outRows: Row[] = [];
for (const r of picked) {
  const target = path.join(out, r.file);
  fs.mkdirSync(path.dirname(target), { recursive: true });
  const original = fs.readFileSync(path.join(src, r.file));
  const o = await sharp(original).metadata();
  // No .rotate(): the source photos carry no orientation tag, and one (pants/56526f67) is stored turned, as in the source.
  const bytes = Math.max(o.width!, o.height!) <= LONG_SIDE ? original
    : await sharp(original).resize({ width: LONG_SIDE, height: LONG_SIDE, fit: 'inside' }).jpeg({ quality: QUALITY }).toBuffer();
  fs.writeFileSync(target, bytes);
  const m = await sharp(bytes).metadata();
  outRows.push({ ...r, source_sha256: r.sha256, width: String(m.width), height: String(m.height), bytes: String(bytes.length), sha256: createHash('sha256').update(bytes).digest('hex') });
}
const cols = [...Object.keys(labels[0]), 'source_sha256'];
fs.writeFileSync(path.join(out, 'labels.csv'), csv(cols, outRows));

const files = new Set(picked.map((r) => r.file));
const colours = read('colours.csv').filter((r) => files.has(r.file));
fs.writeFileSync(path.join(out, 'colours.csv'), csv(Object.keys(colours[0]), colours));

const total = outRows.reduce((s, r) => s + Number(r.bytes), 0);
console.log(`${outRows.length} photos, ${(total / 1024).toFixed(0)} KB, in ${path.relative(root, out)}`);
