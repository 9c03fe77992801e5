import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { multipartFile } from '../files/multipart.ts';
import { createTestApp, json, type TestApp } from '../helpers/test-app.ts';

// A stored link is shown and exported as a link: only http(s) ones are kept (a `javascript:` URL would run in the
// page or the spreadsheet that opens it).

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ PRICE_DROP_CRON: 'off', PURGE_CRON: 'off' });
});
afterAll(async () => {
  await t?.close();
});

const BAD = ['javascript:alert(document.cookie)', 'JavaScript:alert(1)', ' javascript:alert(1)', 'java\tscript:alert(1)', 'data:text/html,<script>alert(1)</script>', 'vbscript:msgbox(1)', 'file:///etc/passwd', 'ftp://example.org/x', 'https:evil'];

describe('URL fields of items', () => {
  it('refuse anything but http(s) in vinted.url on create, replace and patch', async () => {
    const item = (await t.app.inject({ method: 'POST', url: '/listings', ...json({ title: 'Pull Zara M', vinted: { listing_id: '123', url: 'https://www.vinted.fr/items/123' } }) })).json();
    expect(item.vinted.url).toBe('https://www.vinted.fr/items/123');
    for (const url of BAD) {
      const created = await t.app.inject({ method: 'POST', url: '/listings', ...json({ title: 'Pull piégé', vinted: { listing_id: null, url } }) });
      expect([created.statusCode, created.json().error.code], url).toEqual([400, 'validation_failed']);
      const patched = await t.app.inject({ method: 'PATCH', url: `/listings/${item.id}`, ...json({ vinted: { listing_id: '123', url } }) });
      expect([patched.statusCode, patched.json().error.code], url).toEqual([400, 'validation_failed']);
      const replaced = await t.app.inject({ method: 'PUT', url: `/listings/${item.id}`, ...json({ title: 'Pull Zara M', vinted: { listing_id: '123', url } }) });
      expect(replaced.statusCode, url).toBe(400);
    }
    expect((await t.app.inject({ method: 'GET', url: `/listings/${item.id}` })).json().vinted.url).toBe('https://www.vinted.fr/items/123');
    const all = (await t.app.inject({ method: 'GET', url: '/listings/all' })).json() as { title: string }[];
    expect(all.map((i) => i.title)).toEqual(['Pull Zara M']);
  });

  it('refuse it in a CSV import too, naming the row', async () => {
    const csv = 'titre;prix;lien_vinted\nPull piégé;10;javascript:alert(1)\n';
    const res = await t.app.inject({ method: 'POST', url: '/import/csv', ...multipartFile(csv) });
    expect(res.statusCode).toBe(422);
    expect(res.json().error.details.errors).toEqual([expect.objectContaining({ line: 2, field: 'vinted', code: 'invalid_value', message: 'must be an http(s) URL' })]);
    const titles = ((await t.app.inject({ method: 'GET', url: '/listings/all' })).json() as { title: string }[]).map((i) => i.title);
    expect(titles).not.toContain('Pull piégé');
  });
});
