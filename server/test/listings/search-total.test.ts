import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';
import { multipartFile } from '../files/multipart.ts';

// A page's total (include_total=true) is counted up to a cap and says when it is a lower bound. A text search counts
// up to 1,000 (each hit it counts is a row read and tested); the other filters up to 10,000 (index entries only).

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
  // 1,001 items holding "Zara", 500 of them also "Marinière" (through an import: one request, one transaction).
  const rows = Array.from({ length: 1001 }, (_, i) => `${i < 500 ? 'Marinière' : 'Pull'} Zara n°${i};${5 + (i % 30)};brouillon`);
  const res = await t.app.inject({ method: 'POST', url: '/import/csv', ...multipartFile(`titre;prix;statut\n${rows.join('\n')}\n`) });
  expect(res.json().created, res.body).toBe(1001);
}, 60_000);
afterAll(async () => t.close());

const page = async (query: string) => {
  const res = await t.app.inject({ url: `/listings?${query}&limit=10&include_total=true` });
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as { items: { title: string }[]; total: number; total_exact: boolean };
};

describe('a page total with a text search', () => {
  it('past 1,000 hits says "at least 1,000" (total_exact false); under it, the exact count', async () => {
    expect(await page('q=zara')).toMatchObject({ total: 1000, total_exact: false });
    const mariniere = await page(`q=${encodeURIComponent('MARINIERE')}`);
    expect(mariniere).toMatchObject({ total: 500, total_exact: true });
    expect(mariniere.items.every((i) => i.title.startsWith('Marinière'))).toBe(true);
  });

  it('without a text, the same 1,001 items are counted exactly', async () => {
    expect(await page('status=draft')).toMatchObject({ total: 1001, total_exact: true });
  });
});
