import fs from 'node:fs';
import sharp from 'sharp';
import { drawnPhoto } from '../server/test/studio/studio-fixtures.ts';
import { normaliseEdit, renderEdit } from '../server/src/modules/studio/index.ts';
fs.writeFileSync('.scratch/plain.jpg', await drawnPhoto());
const out = await renderEdit({ path: '.scratch/plain.jpg', width: 1200, height: 900, jpeg: true }, normaliseEdit({ background: 'white' }, { width: 1200, height: 900 }), { longSide: 1600, format: 'jpeg' });
console.log(out.background_skipped, out.width, out.height);
await sharp(out.data).resize(600).toFile('.scratch/plain-out.png');
