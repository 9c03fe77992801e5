import sharp from 'sharp';
import { drawnPhoto } from '../server/test/studio/studio-fixtures.ts';
import { backgroundMask } from '../server/src/modules/studio/background-mask.ts';
import { samplePixels, garmentForeground } from '../server/src/modules/photos/index.ts';
for (const busy of [false, true]) {
  const buf = await drawnPhoto({ busy });
  const r = await sharp(buf).raw().toBuffer({ resolveWithObject: true });
  const m = backgroundMask(r.data, r.info.width, r.info.height);
  const s = samplePixels({ rgb: r.data, width: r.info.width, height: r.info.height }, 4800);
  const g = garmentForeground(s);
  console.log(busy, m.ok ? 'ok ' + m.garmentShare : m, g.modes, g.fallback, s.cols, s.rows);
}
