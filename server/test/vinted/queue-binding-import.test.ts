import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, json, type TestApp } from '../helpers/test-app.ts';
import { multipartFile } from '../files/multipart.ts';

// The publish queue binds a draft to the Vinted account active when the seller opted it in (queue-binding.ts). It
// learns of new items from their `item.created` event, which says whether the item is opted in, so an import of
// thousands of drafts reads none of them back; those the file opts in are bound like any other. The queue's listing
// waits for bindings under way, so the reads below see them.

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t.close());

const queue = async () => (await t.app.inject({ method: 'GET', url: '/vinted/publish/queue' })).json();

describe('publish queue binding of created items', () => {
  it('binds the drafts a CSV import opts in to the active account, and only those', async () => {
    const csv = [
      'titre;prix;statut;publication auto',
      'Chemise Zara blanche coton;14;brouillon;oui',
      'Pull gris Uniqlo laine;12;brouillon;non',
      'Jean Levis 501;30;brouillon;',
    ].join('\n');
    const res = await t.app.inject({ method: 'POST', url: '/import/csv', ...multipartFile(Buffer.from(csv), 'stock.csv', 'text/csv') });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().created).toBe(3);
    const all = (await t.app.inject({ method: 'GET', url: '/listings/all' })).json() as { id: string; title: string; publish_opt_in: boolean }[];
    const opted = all.filter((i) => i.publish_opt_in);
    expect(opted.map((i) => i.title)).toEqual(['Chemise Zara blanche coton']);
    const a = (await queue()).account_id as string;
    // The seller switches to another account before any pass: the draft stays with the one active at the import.
    const b = (await t.app.inject({ method: 'POST', url: '/vinted/accounts', ...json({ label: 'Pro' }) })).json().id as string;
    expect((await t.app.inject({ method: 'POST', url: `/vinted/accounts/${b}/activate`, ...json({}) })).statusCode).toBe(200);
    expect((await queue())).toMatchObject({ account_id: b, items: [] });
    await t.app.inject({ method: 'POST', url: `/vinted/accounts/${a}/activate`, ...json({}) });
    const q = await queue();
    expect(q.items.map((i: { item_id: string; account_id: string }) => [i.item_id, i.account_id])).toEqual([[opted[0].id, a]]);
  });

  it('binds an item created opted in through the API, not one created without', async () => {
    const yes = (await t.app.inject({ method: 'POST', url: '/listings', ...json({ title: 'Robe été Sézane', price: 40, publish_opt_in: true }) })).json();
    const no = (await t.app.inject({ method: 'POST', url: '/listings', ...json({ title: 'Veste en jean bleue', price: 35 }) })).json();
    const ids = (await queue()).items.map((i: { item_id: string }) => i.item_id);
    expect(ids).toContain(yes.id);
    expect(ids).not.toContain(no.id);
  });
});
