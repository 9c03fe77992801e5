import { api } from './browser.ts';

export interface SeedItem {
  title: string;
  brand?: string;
  size?: string;
  category?: string;
  condition?: string;
  colors?: string[];
  price?: number;
  status?: 'draft' | 'listed' | 'sold' | 'archived';
  description?: string;
  hashtags?: string[];
}

/** A small, varied stock (one very long title on purpose) created through the real API. */
export const STOCK: SeedItem[] = [
  { title: 'Pull col rond Ralph Lauren M – Très bon état', brand: 'Ralph Lauren', size: 'M', category: 'jumper', condition: 'very_good', colors: ['navy'], price: 45, status: 'listed' },
  { title: 'Jean 501 Levi’s W32 L34 bleu brut', brand: 'Levi’s', size: 'W32', category: 'jeans', condition: 'good', colors: ['blue'], price: 29.9, status: 'listed' },
  { title: 'Robe fleurie Zara S', brand: 'Zara', size: 'S', category: 'dress', condition: 'very_good', colors: ['multi'], price: 12, status: 'draft' },
  { title: 'Baskets Nike Air Max 90 blanches pointure 42, très peu portées, boîte d’origine et lacets inclus', brand: 'Nike', size: '42', category: 'trainers', condition: 'very_good', colors: ['white'], price: 65, status: 'draft' },
  { title: 'Veste en jean Lee vintage L', brand: 'Lee', size: 'L', category: 'jacket', condition: 'good', colors: ['blue'], price: 35, status: 'sold' },
  { title: 'T-shirt blanc Uniqlo XS', brand: 'Uniqlo', size: 'XS', category: 't-shirt', condition: 'good', colors: ['white'], price: 4, status: 'archived' },
];

export async function seedStock(base: string, items: SeedItem[] = STOCK, headers: Record<string, string> = {}) {
  const created: { id: string; title: string; status: string }[] = [];
  for (const it of items) {
    const r = await api<{ id: string; title: string; status: string }>(base, 'POST', '/listings', {
      description: `${it.title}.\nEnvoi rapide et soigné.`,
      hashtags: ['vinted', 'mode', 'seconde main'],
      ...it,
    }, headers);
    if (r.status !== 201) throw new Error(`seed failed: ${r.status} ${JSON.stringify(r.body)}`);
    created.push(r.body);
  }
  return created;
}
