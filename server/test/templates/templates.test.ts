import { afterEach, describe, expect, it } from 'vitest';
import { renderDescription, withSignature } from '../../src/modules/templates/index.ts';
import { createTestApp, json, type TestApp } from '../helpers/test-app.ts';
import { devPhotos, postPhotos } from '../ingest/ingest-helpers.ts';

// Issue 18 point 8: saved description templates with variables, applied to items; a shop signature on every
// description within Vinted's 2,000 characters; an oversized template refused with a stable code.

let t: TestApp | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

const item = { title: 'Jean Levi’s 501', brand: 'Levi’s', size: 'W32', condition: 'very_good', colors: ['blue'], material: null, category: null, price: 25 };

describe('description templates (issue 18 point 8)', () => {
  it('fills French variables and their English aliases, and leaves out a line whose value is unknown', () => {
    const body = '{titre}\nMarque : {marque} – taille {size}\nÉtat : {etat}\nMesures : {mesures}\nEnvoi depuis {ville}.';
    expect(renderDescription(body, item, { city: 'Lyon', signature: null })).toBe('Jean Levi’s 501\nMarque : Levi’s – taille W32\nÉtat : Très bon état\nEnvoi depuis Lyon.');
    expect(renderDescription(body, item, { city: null, signature: 'Merci ! – La boutique de Léa' }))
      .toBe('Jean Levi’s 501\nMarque : Levi’s – taille W32\nÉtat : Très bon état\n\nMerci ! – La boutique de Léa');
    // A description that would pass 2,000 characters is cut at a word; the signature always stays whole.
    const long = withSignature('mot '.repeat(600), 'Signature');
    expect(long.length).toBeLessThanOrEqual(2000);
    expect(long.endsWith('…\n\nSignature')).toBe(true);
  });

  it('saves, applies and refuses templates through the API; the signature follows every template', async () => {
    t = await createTestApp({ PRICE_DROP_CRON: 'off', PURGE_CRON: 'off', SELLER_CITY: 'Nantes' });
    const list = (await t.app.inject({ url: '/templates' })).json().templates;
    expect(list).toEqual([expect.objectContaining({ is_default: true, name: 'Lot (bulk)' })]); // the bulk plan's template, editable

    const sig = await t.app.inject({ method: 'PUT', url: '/settings/signature', ...json({ signature: '✨ Envoi soigné sous 48 h' }) });
    expect(sig.json()).toEqual({ signature: '✨ Envoi soigné sous 48 h' });
    const created = await t.app.inject({ method: 'POST', url: '/templates', ...json({ name: 'Jeans', body: '{brand} {taille}, {condition}.\nEnvoi depuis {ville}.' }) });
    expect(created.statusCode, created.body).toBe(201);
    const tpl = created.json();

    const a = (await t.app.inject({ method: 'POST', url: '/listings', ...json({ title: 'Jean 501', brand: 'Levi’s', size: 'W32', condition: 'bon', price: 25 }) })).json();
    const preview = await t.app.inject({ method: 'POST', url: `/templates/${tpl.id}/apply`, ...json({ item_ids: [a.id], dry_run: true }) });
    // The brand is stored in the known brand's spelling ("Levi’s" → "Levi's"), which the template then writes.
    const text = 'Levi\'s W32, Bon état.\nEnvoi depuis Nantes.\n\n✨ Envoi soigné sous 48 h';
    expect(preview.json().results).toEqual([{ id: a.id, ok: true, description: text }]);
    expect((await t.app.inject({ url: `/listings/${a.id}` })).json().description).toBe(''); // a preview saves nothing
    const missing = '0190a0a0-0000-7000-8000-000000000000';
    const applied = (await t.app.inject({ method: 'POST', url: `/templates/${tpl.id}/apply`, ...json({ item_ids: [a.id, missing] }) })).json().results;
    expect(applied.map((r: { ok: boolean; error?: { code: string } }) => [r.ok, r.error?.code])).toEqual([[true, undefined], [false, 'item_not_found']]);
    expect((await t.app.inject({ url: `/listings/${a.id}` })).json().description).toBe(text);

    // Bad input: oversized (with the signature it will carry), unknown variable, over-long signature. Nothing saved.
    const big = await t.app.inject({ method: 'POST', url: '/templates', ...json({ name: 'Trop long', body: 'x'.repeat(1990) }) });
    expect(big.statusCode).toBe(400);
    expect(big.json().error).toMatchObject({ code: 'template_too_long', details: { params: { max: 2000 - 24 - 2, length: 1990 } } });
    const typo = await t.app.inject({ method: 'POST', url: '/templates', ...json({ name: 'Typo', body: 'Taille {tailel}' }) });
    expect(typo.json().error).toMatchObject({ code: 'template_unknown_variable', details: { params: { variables: 'tailel' } } });
    const patch = await t.app.inject({ method: 'PATCH', url: `/templates/${tpl.id}`, ...json({ body: 'y'.repeat(5000) }) });
    expect(patch.json().error.code).toBe('template_too_long');
    expect((await t.app.inject({ url: `/templates/${tpl.id}` })).json().body).toBe(tpl.body);
    const longSig = await t.app.inject({ method: 'PUT', url: '/settings/signature', ...json({ signature: 's'.repeat(501) }) });
    expect([longSig.statusCode, longSig.json().error.code]).toEqual([400, 'signature_too_long']);
    expect((await t.app.inject({ url: '/templates' })).json().templates.length).toBe(2);
  });

  it('signs a description the analyser writes, and answers it as saved', async () => {
    t = await createTestApp({ PRICE_DROP_CRON: 'off', PURGE_CRON: 'off' });
    await t.app.inject({ method: 'PUT', url: '/settings/signature', ...json({ signature: 'Boutique de Léa – envoi sous 48 h' }) });
    const res = await postPhotos(t, devPhotos('hoodie', 1).map((file) => ({ file })));
    expect(res.statusCode).toBe(201);
    const answer = res.json();
    expect(answer.description.endsWith('\n\nBoutique de Léa – envoi sous 48 h')).toBe(true);
    expect((await t.app.inject({ url: `/listings/${answer.item_id}` })).json().description).toBe(answer.description);
  });
});
