import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEV_PHOTOS, devPhoto, multipart } from '../photos/photo-files.ts';
import { createTestApp, json, type TestApp } from '../helpers/test-app.ts';

// findMatchesMany (the import's batch lookup) answers exactly what findMatches answers for each query, on a real stock.
let t: TestApp;
const ids: Record<string, string> = {};

beforeAll(async () => {
  t = await createTestApp({ PRICE_DROP_CRON: 'off' });
  const up = await t.app.inject({ method: 'POST', url: '/photos', ...multipart([{ filename: 'p.jpg', content: devPhoto(DEV_PHOTOS[1]) }]) });
  const photo = up.json().photos[0].id as string;
  const items: [string, Record<string, unknown>][] = [
    ['shirt', { title: 'Chemise blanche Zara manches courtes M', brand: 'Zara', size: 'M', photos: [photo] }],
    ['pull', { title: 'Pull Ralph Lauren col rond bleu marine', brand: 'Ralph Lauren', size: 'M', status: 'listed', price: 40 }],
    ['pull2', { title: 'Pull col rond Ralph Lauren bleu marine très bon état', brand: 'Ralph Lauren', status: 'listed', price: 35 }],
    ['pullS', { title: 'Pull Ralph Lauren col rond bleu marine', brand: 'Ralph Lauren', size: 'S', price: 30 }],
    ['sold', { title: 'Jupe plissée Zara noire S', status: 'sold', price: 12 }],
    ['skirt', { title: 'Jupe Zara noire plissée – taille S', price: 15 }],
  ];
  for (const [key, body] of items) {
    const res = await t.app.inject({ method: 'POST', url: '/listings', ...json({ price: 20, ...body }) });
    expect(res.statusCode, res.body).toBe(201);
    ids[key] = res.json().id;
  }
  ids.photo = photo;
  await t.ctx.duplicates.idle();
});
afterAll(async () => {
  await t?.close();
});

describe('ctx.duplicates.findMatchesMany', () => {
  it('answers each query as findMatches does, in order', async () => {
    const queries = [
      { title: 'Pull Ralph Lauren bleu marine col rond', brand: 'Ralph Lauren', size: 'M' },
      { title: 'Jupe noire plissée Zara S' },
      { title: 'Chemise', photoIds: [ids.photo] },
      { itemId: ids.pull },
      { title: 'Rien à voir avec le reste' },
      { title: 'Pull Ralph Lauren col rond bleu marine', brand: 'Ralph Lauren', size: 'M', itemId: ids.pull2 },
    ];
    const batch = await t.ctx.duplicates.findMatchesMany(queries);
    const single = [];
    for (const q of queries) single.push(await t.ctx.duplicates.findMatches(q));
    expect(batch).toEqual(single);
    const idsOf = (ms: { item_id: string }[]) => ms.map((m) => m.item_id).sort();
    expect(idsOf(batch[0])).toEqual([ids.pull, ids.pull2].sort());
    expect(idsOf(batch[1])).toEqual([ids.skirt]); // the sold skirt is not in the active stock
    expect(batch[2]).toMatchObject([{ item_id: ids.shirt, reason: 'image', score: 1 }]);
    expect(idsOf(batch[3])).toEqual([ids.pull2]); // itself left out; the size S one contradicts
    expect(batch[4]).toEqual([]);
    expect(await t.ctx.duplicates.findMatchesMany([])).toEqual([]);
  });
});
