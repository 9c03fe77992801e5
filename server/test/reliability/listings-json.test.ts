import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';
import { BAD_JSON, CONTROL_TEXTS } from './corpus.ts';
import { type Answer, expectRefused, json, rawJson, stillHealthy } from './harness.ts';

// The bad-input corpus against the stock API's JSON: POST /listings, PATCH /listings/{id} and the list's filters.
// Malformed, oversized and deeply nested bodies are 400/413 (never a stack overflow), values outside the item schema
// are 400, and control characters are removed from text the same way on SQLite and PostgreSQL (which refuses NUL).

let t: TestApp;
let id: string;
beforeAll(async () => {
  t = await createTestApp({ PRICE_DROP_CRON: 'off', BODY_LIMIT_BYTES: String(256 * 1024) }, { runJobs: false });
  const r = await t.app.inject({ method: 'POST', url: '/listings', ...json({ title: 'Pull marin', price: 20, brand: 'Armor Lux' }) });
  id = r.json().id;
});
afterAll(async () => {
  await t?.close();
});

const send = (method: 'POST' | 'PATCH', url: string, body: { payload: string; headers: Record<string, string> }) => () =>
  t.app.inject({ method, url, ...body }) as Promise<Answer>;

describe('malformed bodies', () => {
  it('answers 400 with a stable code for every malformed or deeply nested body, writing nothing', async () => {
    for (const [name, text, status, code] of BAD_JSON) {
      await expectRefused(t, `POST ${name}`, send('POST', '/listings', rawJson(text)), status, code);
      await expectRefused(t, `PATCH ${name}`, send('PATCH', `/listings/${id}`, rawJson(text)), status, code);
    }
  });

  it('refuses a body over BODY_LIMIT_BYTES, a form, and an empty body', async () => {
    await expectRefused(t, 'huge body', send('POST', '/listings', json({ title: 'Pull', description: 'd'.repeat(300 * 1024) })), 413, 'payload_too_large');
    await expectRefused(t, 'a form', send('POST', '/listings', { payload: 'title=Pull', headers: { 'content-type': 'application/x-www-form-urlencoded' } }), 415, 'unsupported_media_type');
    await expectRefused(t, 'empty', send('POST', '/listings', rawJson('')), 400, ['invalid_json', 'body_required']);
  });
});

describe('values outside the item schema', () => {
  const cases: [string, Record<string, unknown>][] = [
    ['negative price', { price: -5 }], ['price of a cent', { price: 0.01 }], ['three decimals', { price: 12.345 }],
    ['negative floor', { floor: -3 }], ['drop rate 7.5', { drop_rate: 7.5 }], ['drop rate 0', { drop_rate: 0 }],
    ['10 000-character title', { title: `Pull\u0000\u001b${'x'.repeat(10_000)}` }], ['empty title', { title: '\u0000 \u0007' }],
    ['5 000-character description', { description: 'd'.repeat(5000) }], ['31 keywords', { keywords: Array.from({ length: 31 }, (_, i) => `k${i}`) }],
    ['unknown status', { status: 'stolen' }], ['unknown colour', { colors: ['octarine'] }], ['score 101', { estimated_sale_score: 101 }],
    ['suggestion out of order', { price_suggestion: { min: 50, target: 20, max: 60, justification: '' } }], ['a number as title', { title: 42 }],
    ['NaN-ish price', { price: '12' }], ['an unknown field', { is_admin: true }],
  ];
  it('refuses each on create and on edit, changing nothing', async () => {
    for (const [name, fields] of cases) {
      await expectRefused(t, `POST ${name}`, send('POST', '/listings', json({ title: 'Pull', ...fields })), 400, 'validation_failed');
      await expectRefused(t, `PATCH ${name}`, send('PATCH', `/listings/${id}`, json(fields)), 400, 'validation_failed');
    }
  });
});

describe('control characters', () => {
  it('removes them from every text field, on create and on edit, the same on both databases', async () => {
    for (const [raw, clean] of CONTROL_TEXTS) {
      const line = clean.replace(/[\t\n]+/g, ' ');
      const created = await t.app.inject({ method: 'POST', url: '/listings', ...json({ title: raw, description: raw, brand: raw, size: 'M\u0000', keywords: [raw], hashtags: ['a\u0000b'] }) });
      expect(created.statusCode, created.body).toBe(201);
      expect(created.json()).toMatchObject({ title: line, description: clean, brand: line, size: 'M', keywords: [line], hashtags: ['ab'] });
      const edited = await t.app.inject({ method: 'PATCH', url: `/listings/${created.json().id}`, ...json({ material: raw, description: `${raw}!` }) });
      expect(edited.statusCode, edited.body).toBe(200);
      expect(edited.json()).toMatchObject({ material: line, description: `${clean}!` });
      await t.app.inject({ method: 'DELETE', url: `/listings/${created.json().id}` });
    }
  });

  it('removes them from the list filters, and refuses a forged cursor carrying one', async () => {
    for (const q of ['%00', '%00Pull', 'Pull%1B%5B2J', '%07%08']) {
      const res = await t.app.inject({ method: 'GET', url: `/listings?q=${q}&brand=Armor%00%20Lux&size=%00` });
      expect([200, 400], `${q}: ${res.body}`).toContain(res.statusCode);
      if (res.statusCode === 400) expect(res.json().error.code).toBe('validation_failed');
    }
    const found = await t.app.inject({ method: 'GET', url: '/listings?q=Pull%00%20marin&brand=Armor%00%20Lux' });
    expect(found.statusCode, found.body).toBe(200);
    expect(found.json().items.map((i: { id: string }) => i.id)).toEqual([id]);
    const cursor = Buffer.from(JSON.stringify(['created_at', '2025\u0000', id])).toString('base64url');
    const res = await t.app.inject({ method: 'GET', url: `/listings?cursor=${cursor}` });
    expect({ status: res.statusCode, code: res.json().error?.code }).toEqual({ status: 400, code: 'invalid_cursor' });
    await stillHealthy(t);
  });
});
