import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { renderGarment } from '../../../src/modules/analysis/vision/testing/render.ts';

/** Seller-like photos of one garment (a flat-laid top on a floor), written to a temp folder for a file input. */
export async function garmentPhotos(n: number, fill = '#1f2a5c', prefix = 'pull'): Promise<{ dir: string; files: string[] }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vintedbot-e2e-photos-'));
  const floors: [number, number, number][] = [[205, 200, 190], [180, 170, 160], [220, 215, 205], [190, 195, 200], [170, 165, 150], [210, 205, 215]];
  const files: string[] = [];
  for (let i = 0; i < n; i++) {
    const jpeg = await renderGarment({ background: floors[i % floors.length], fill, width: 600 + i * 20, height: 800 + i * 24 });
    const f = path.join(dir, `${prefix}-${i + 1}.jpg`);
    fs.writeFileSync(f, jpeg);
    files.push(f);
  }
  return { dir, files };
}
