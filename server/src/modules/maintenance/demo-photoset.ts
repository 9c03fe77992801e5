import sharp from 'sharp';
import { AppError } from '../../platform/errors.ts';
import type { IngestService } from '../analysis/index.ts';
import type { Item, ListingsService } from '../listings/index.ts';
import type { PhotosService } from '../photos/index.ts';

// Five fictitious garments drawn here (no external URL, no bundled file), sent through the real intake and ingest
// pipeline as a seller's photos would be, and marked `demo` so they can be removed in one call.
interface DemoGarment {
  key: string;
  shape: string;
  fill: string;
  accent: string;
  background: string;
  hints: { brand: string; size: string; category: string; condition: 'new_with_tags' | 'new_without_tags' | 'very_good' | 'good' | 'satisfactory'; price: number; notes: string };
}

const W = 900;
const H = 1100;

const GARMENTS: DemoGarment[] = [
  {
    key: 'tshirt', fill: '#c0392b', accent: '#ecf0f1', background: '#f4efe6',
    shape: '<polygon points="260,170 370,120 530,120 640,170 760,300 670,370 620,320 620,900 280,900 280,320 230,370 140,300"/>',
    hints: { brand: 'Petit Bateau', size: 'M', category: 't-shirt', condition: 'very_good', price: 9, notes: 'coton, col rond' },
  },
  {
    key: 'jeans', fill: '#2c5aa0', accent: '#f1c40f', background: '#eef1f5',
    shape: '<polygon points="300,120 600,120 640,980 500,980 450,420 400,980 260,980"/>',
    hints: { brand: 'Levi\'s', size: 'W32', category: 'jeans', condition: 'good', price: 24, notes: 'coupe droite' },
  },
  {
    key: 'dress', fill: '#27ae60', accent: '#fdfefe', background: '#fbf6ee',
    shape: '<polygon points="380,120 520,120 510,330 700,960 200,960 390,330"/><rect x="385" y="60" width="14" height="80"/><rect x="501" y="60" width="14" height="80"/>',
    hints: { brand: 'Sézane', size: '38', category: 'dress', condition: 'new_with_tags', price: 45, notes: 'robe midi fleurie' },
  },
  {
    key: 'hoodie', fill: '#7f8c8d', accent: '#2c3e50', background: '#f2f2f2',
    shape: '<circle cx="450" cy="210" r="120"/><polygon points="250,260 650,260 790,520 700,580 650,480 650,940 250,940 250,480 200,580 110,520"/>',
    hints: { brand: 'Nike', size: 'L', category: 'hoodie', condition: 'very_good', price: 28, notes: 'molleton, poche kangourou' },
  },
  {
    key: 'sneakers', fill: '#fdfefe', accent: '#e67e22', background: '#34495e',
    shape: '<path d="M120,700 C140,560 260,520 360,520 C420,520 470,600 560,620 C660,640 760,650 800,720 L800,790 L120,790 Z"/><rect x="120" y="790" width="680" height="50" rx="12"/>',
    hints: { brand: 'Adidas', size: '42', category: 'trainers', condition: 'good', price: 35, notes: 'baskets blanches' },
  },
];

/** One garment seen three ways (whole, turned, close-up), as a seller's three photos. */
async function photosOf(g: DemoGarment): Promise<Buffer[]> {
  const stripes = Array.from({ length: 12 }, (_, i) => `<rect x="0" y="${i * 90 + 40}" width="${W}" height="10" fill="${g.accent}" opacity="0.35"/>`).join('');
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}">
    <defs><clipPath id="c">${g.shape}</clipPath><radialGradient id="l" cx="0.4" cy="0.3" r="0.9"><stop offset="0" stop-color="#fff" stop-opacity="0.35"/><stop offset="1" stop-color="#000" stop-opacity="0.25"/></radialGradient></defs>
    <rect width="${W}" height="${H}" fill="${g.background}"/>
    <g fill="${g.fill}">${g.shape}</g>
    <g clip-path="url(#c)">${stripes}<rect width="${W}" height="${H}" fill="url(#l)"/></g>
  </svg>`;
  const whole = await sharp(Buffer.from(svg)).jpeg({ quality: 88 }).toBuffer();
  const turned = await sharp(whole).rotate(8, { background: g.background }).resize(W, H, { fit: 'cover' }).modulate({ brightness: 0.93 }).jpeg({ quality: 88 }).toBuffer();
  const close = await sharp(whole).extract({ left: 200, top: 250, width: 500, height: 610 }).resize(W, H).jpeg({ quality: 88 }).toBuffer();
  return [whole, turned, close];
}

/** What the demo photoset goes through: the real photo intake and listing ingest, and the stock. */
export interface DemoDeps {
  listings: Pick<ListingsService, 'demoItemIds' | 'markDemo' | 'get' | 'deleteMany'>;
  photos: Pick<PhotosService, 'ingestFiles' | 'deletePhotos'>;
  ingest: Pick<IngestService, 'ingest'>;
}

export async function createDemoPhotoset(d: DemoDeps): Promise<Item[]> {
  if ((await d.listings.demoItemIds(1)).length) throw new AppError(409, 'demo_photoset_exists', 'The demo photoset is already there: DELETE /test/photoset first');
  const items = [];
  for (const g of GARMENTS) {
    const buffers = await photosOf(g);
    const photos = await d.photos.ingestFiles(buffers.map((buffer, i) => ({ buffer, filename: `demo-${g.key}-${i + 1}.jpg` })));
    const result = await d.ingest.ingest(photos, g.hints, true);
    await d.listings.markDemo(result.item_id!);
    items.push(await d.listings.get(result.item_id!));
  }
  return items;
}

/** Deletes the demo items, and their photos when no other item shows them. */
export async function deleteDemoPhotoset(d: DemoDeps): Promise<{ deleted: number; photos_removed: number }> {
  const ids = await d.listings.demoItemIds();
  if (ids.length === 0) return { deleted: 0, photos_removed: 0 };
  const { photosNoLongerShown } = await d.listings.deleteMany(ids);
  const removed = await d.photos.deletePhotos(photosNoLongerShown);
  return { deleted: ids.length, photos_removed: removed };
}
