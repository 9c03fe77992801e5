import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, json, type TestApp } from '../helpers/test-app.ts';
import { multipartFile } from '../files/multipart.ts';

// Issue 16, point 10 (the server's half): every error carries a stable code and its parameters (`details.params`),
// validation issues carry a code and parameters per field, and the CSV report names fields by their keys, so the
// web app can say all of it in the seller's language instead of showing the server's English.

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ PRICE_DROP_CRON: 'off' });
});
afterAll(async () => t?.close());

const req = (method: 'GET' | 'POST' | 'PATCH', url: string, body?: unknown) => t.app.inject({ method, url, ...(body === undefined ? {} : json(body)) });

describe('error codes and parameters (issue 16 point 10, server)', () => {
  it('gives each validation issue a code and parameters, not only an English sentence', async () => {
    const res = await req('POST', '/pricing/simulate', { initial_price: null, rate: 2, days: 10 });
    expect(res.statusCode).toBe(400);
    const e = res.json().error;
    expect(e.code).toBe('validation_failed');
    expect(e.details.issues).toEqual(expect.arrayContaining([
      expect.objectContaining({ path: 'initial_price', code: 'invalid_type', params: expect.objectContaining({ expected: 'number', received: 'null' }) }),
      expect.objectContaining({ path: 'rate', code: 'too_big', params: expect.objectContaining({ maximum: 0.9 }) }),
    ]));
    expect(e.details.params).toMatchObject({ where: 'body' });
  });

  it('names an unknown colour by its code and the word the seller typed', async () => {
    const res = await req('POST', '/listings', { title: 'Robe', colors: ['Pêche melba'] });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.details.issues).toEqual([expect.objectContaining({ path: 'colors.0', code: 'unknown_colour', params: { value: 'Pêche melba' } })]);
    // A synonym is no error: camel is Vinted's beige.
    expect((await req('POST', '/listings', { title: 'Manteau', colors: ['Camel'] })).json().colors).toEqual(['beige']);
  });

  it('carries details.params on every error, even those without details of their own', async () => {
    const missing = await req('GET', '/listings/0190f3c2-7c1e-7b3a-9d1e-2f9a4c5b6d7e');
    expect(missing.json().error).toMatchObject({ code: 'item_not_found', details: { params: { id: '0190f3c2-7c1e-7b3a-9d1e-2f9a4c5b6d7e' } } });
    const route = await req('GET', '/no-such-route');
    expect(route.json().error).toMatchObject({ code: 'route_not_found', details: { params: { method: 'GET', path: '/no-such-route' } } });
    const cookie = await req('POST', '/vinted/auth/session', { cookie: 'not a cookie' });
    expect(cookie.json().error).toMatchObject({ code: 'invalid_cookie', details: { params: { problem: 'malformed' } } });
    const nothing = await req('PATCH', '/settings/pricing', {});
    expect(nothing.json().error.details.issues).toEqual([expect.objectContaining({ code: 'nothing_to_change' })]);
  });

  it('reports CSV problems with field keys, codes and the values in question', async () => {
    const csv = 'titre;prix;couleur\nPull;abc;Bleu\nRobe;12;Pêche melba\n';
    const res = await t.app.inject({ method: 'POST', url: '/import/csv?dry_run=true', ...multipartFile(csv) });
    const r = res.json();
    expect(r.errors).toEqual([expect.objectContaining({ line: 2, field: 'price', code: 'invalid_price', params: expect.objectContaining({ value: 'abc' }) })]);
    expect(r.warnings).toEqual([expect.objectContaining({ line: 3, field: 'colors', code: 'unknown_color', params: { value: 'Pêche melba' } })]);
  });
});
