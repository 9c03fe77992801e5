import sharp from 'sharp';
import type { TestApp } from '../helpers/test-app.ts';
import { json } from '../helpers/test-app.ts';

/**
 * A flat-lay photo drawn for the tests: a plain floor with a soft gradient and a garment (a T-shirt silhouette)
 * in the middle, at any size. `busy` lays patches of many colours over the floor (a bedspread).
 */
export async function drawnPhoto(opts: { width?: number; height?: number; garment?: string; floor?: [string, string]; busy?: boolean; truthOnly?: boolean; offFrame?: boolean; hem?: string } = {}): Promise<Buffer> {
  const width = opts.width ?? 1200, height = opts.height ?? 900;
  const [f1, f2] = opts.floor ?? ['#b9a58c', '#a8937a'];
  const g = opts.garment ?? '#1f3f8f';
  const u = Math.min(width, height) / 10;
  // offFrame: the garment's hem runs off the bottom of the photo (the body cut by the frame).
  const cx = width / 2, cy = opts.offFrame ? height - 1.5 * u : height / 2;
  const shirt = [
    [cx - 1.6 * u, cy - 3 * u], [cx - 0.6 * u, cy - 3.3 * u], [cx + 0.6 * u, cy - 3.3 * u], [cx + 1.6 * u, cy - 3 * u],
    [cx + 3.2 * u, cy - 1.6 * u], [cx + 2.4 * u, cy - 0.6 * u], [cx + 1.7 * u, cy - 1.2 * u], [cx + 1.7 * u, cy + 3.2 * u],
    [cx - 1.7 * u, cy + 3.2 * u], [cx - 1.7 * u, cy - 1.2 * u], [cx - 2.4 * u, cy - 0.6 * u], [cx - 3.2 * u, cy - 1.6 * u],
  ].map((p) => p.map((v) => v.toFixed(1)).join(',')).join(' ');
  // A bedspread: patches of many colours (a fixed sequence, so the test sees the same photo every run).
  let seed = 7;
  const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
  const patches: string[] = [];
  if (opts.busy) {
    for (let y = 0; y < height; y += u / 2) for (let x = 0; x < width; x += u / 2) {
      patches.push(`<rect x="${x}" y="${y}" width="${u / 2}" height="${u / 2}" fill="hsl(${Math.floor(rnd() * 360)},${50 + Math.floor(rnd() * 40)}%,${30 + Math.floor(rnd() * 50)}%)"/>`);
    }
  }
  const checks = patches.join('');
  // hem: a wide band of another colour along the bottom of the body (a trim the colour of the floor, say).
  const hem = opts.hem ? `<rect x="${(cx - 1.7 * u).toFixed(1)}" y="${(cy + 2.2 * u).toFixed(1)}" width="${(3.4 * u).toFixed(1)}" height="${u.toFixed(1)}" fill="${opts.hem}"/>` : '';
  const svg = opts.truthOnly
    ? `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}"><rect width="100%" height="100%" fill="#000"/><polygon points="${shirt}" fill="#fff"/></svg>`
    : `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">
    <defs><linearGradient id="f" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="${f1}"/><stop offset="1" stop-color="${f2}"/></linearGradient></defs>
    <rect width="100%" height="100%" fill="url(#f)"/>${checks}<polygon points="${shirt}" fill="${g}"/>${hem}</svg>`;
  return sharp(Buffer.from(svg)).jpeg({ quality: 90 }).toBuffer();
}

/** The drawn garment's own mask (white on black) at `cols × rows`: the truth the mask IoU is measured against. */
export async function garmentTruth(cols: number, rows: number): Promise<Uint8Array> {
  const svg = await drawnPhoto({ truthOnly: true });
  return new Uint8Array(await sharp(svg).resize(cols, rows, { fit: 'fill' }).extractChannel(0).raw().toBuffer());
}

/** Takes the photos in and creates an item showing them; answers the item id and photo ids. */
export async function itemWithPhotos(t: TestApp, photos: Buffer[], title = 'Pull bleu'): Promise<{ itemId: string; photoIds: string[] }> {
  const ingested = await t.ctx.photos.ingestFiles(photos.map((buffer, i) => ({ buffer, filename: `p${i}.jpg` })));
  const res = await t.app.inject({ method: 'POST', url: '/listings', ...json({ title, photos: ingested.map((p) => p.id) }) });
  if (res.statusCode !== 201) throw new Error(`item not created: ${res.body}`);
  return { itemId: res.json().id, photoIds: ingested.map((p) => p.id) };
}

export async function dimensionsOf(body: Buffer): Promise<{ width: number; height: number; format: string }> {
  const m = await sharp(body).metadata();
  return { width: m.width!, height: m.height!, format: m.format! };
}

/** Mean RGB of a square of `size` px centred at (x, y), fractions of the image. */
export async function meanAt(body: Buffer, x: number, y: number, size = 12): Promise<number[]> {
  const img = sharp(body);
  const m = await img.metadata();
  const left = Math.round(x * m.width! - size / 2), top = Math.round(y * m.height! - size / 2);
  // stats() reads its input, not the result of extract(): cut first.
  const st = await sharp(await sharp(body).extract({ left: Math.max(0, left), top: Math.max(0, top), width: size, height: size }).toBuffer()).stats();
  return st.channels.slice(0, 3).map((c) => Math.round(c.mean));
}
