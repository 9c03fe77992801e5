// Throwaway: before/after "fond blanc" on real dev photos, in one contact sheet per batch, with the verdicts.
import fs from 'node:fs';
import sharp from 'sharp';
import { normaliseEdit, renderEdit } from '../server/src/modules/studio/index.ts';
const DEV = '/work/shared/datasets/clothing-dev';
const files = fs.readFileSync(`${DEV}/labels.csv`, 'utf8').trim().split('\n').slice(1).map((l) => l.split(',')[0]);
const picked = files.filter((_, i) => i % 5 === 0).slice(0, 24);
const tiles: { input: Buffer; left: number; top: number }[] = [];
const verdicts: string[] = [];
let k = 0;
for (const f of picked) {
  const m = await sharp(`${DEV}/${f}`).metadata();
  const out = await renderEdit({ path: `${DEV}/${f}`, width: m.width!, height: m.height!, jpeg: true }, normaliseEdit({ background: 'white' }, { width: m.width!, height: m.height! }), { longSide: 200, format: 'jpeg' });
  verdicts.push(`${k} ${f} ${out.background_skipped ?? 'replaced'}`);
  const a = await sharp(`${DEV}/${f}`).resize(150, 200, { fit: 'contain', background: '#888' }).toBuffer();
  const b = await sharp(out.data).resize(150, 200, { fit: 'contain', background: '#888' }).toBuffer();
  const col = k % 6, row = Math.floor(k / 6);
  tiles.push({ input: a, left: col * 310, top: row * 205 }, { input: b, left: col * 310 + 152, top: row * 205 });
  k++;
}
await sharp({ create: { width: 6 * 310, height: Math.ceil(k / 6) * 205, channels: 3, background: '#333' } }).composite(tiles).png().toFile('.scratch/sheet.png');
console.log(verdicts.join('\n'));
