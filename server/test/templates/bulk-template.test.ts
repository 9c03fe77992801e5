import { describe, expect, it } from 'vitest';
import { bulkTestApp } from '../bulk/fixtures/bulk-test-app.ts';
import { files } from '../bulk/fixtures/multipart.ts';
import { buildSession } from '../bulk/fixtures/session-builder.ts';
import { json } from '../helpers/test-app.ts';

// Issue 18 point 8, the bulk side: a plan written with a saved template (chosen, or the bulk template once edited),
// and the shop signature on every draft the plan makes.
describe('templates in the bulk plan', () => {
  it('writes the plan with the chosen template, the edited bulk template by default, and signs the drafts', async () => {
    const t = await bulkTestApp({ PRICE_DROP_CRON: 'off', PURGE_CRON: 'off', SELLER_CITY: 'Lille' });
    try {
      const session = await buildSession({ garments: 2, seed: 5, labelRate: 0 });
      const jobId = (await t.app.inject({ method: 'POST', url: '/bulk/ingest/photos', ...files(session.photos) })).json().job_id;
      await t.ctx.jobs.idle();
      const plan = async (body: Record<string, unknown> = {}) => {
        const res = await t.app.inject({ method: 'POST', url: '/bulk/listings/plan', ...json({ job_id: jobId, defaults: { condition: 'bon' }, ...body }) });
        expect(res.statusCode, res.body).toBe(200);
        return res.json() as { plan_id: string; items: { description: string; condition: string }[] };
      };
      // Untouched, the bulk template leaves the plan's built-in text as it was.
      const builtIn = await plan();
      expect(builtIn.items[0].description).toContain('Envoi rapide depuis Lille.');

      const mine = (await t.app.inject({ method: 'POST', url: '/templates', ...json({ name: 'Lots', body: 'État : {etat}\nExpédié de {ville} sous 48 h.' }) })).json();
      const chosen = await plan({ template_id: mine.id });
      expect(chosen.items.map((i) => i.description)).toEqual(chosen.items.map(() => 'État : Bon état\nExpédié de Lille sous 48 h.'));

      const bulkTemplate = (await t.app.inject({ url: '/templates' })).json().templates.find((x: { is_default: boolean }) => x.is_default);
      await t.app.inject({ method: 'PATCH', url: `/templates/${bulkTemplate.id}`, ...json({ body: 'Lot du grenier – {etat}.' }) });
      const edited = await plan();
      expect(edited.items[0].description).toBe('Lot du grenier – Bon état.');
      const unknown = await t.app.inject({ method: 'POST', url: '/bulk/listings/plan', ...json({ job_id: jobId, template_id: '0190a0a0-0000-7000-8000-000000000000' }) });
      expect([unknown.statusCode, unknown.json().error.code]).toEqual([404, 'template_not_found']);

      await t.app.inject({ method: 'PUT', url: '/settings/signature', ...json({ signature: 'Boutique de Léa – merci !' }) });
      const run = await t.app.inject({ method: 'POST', url: '/bulk/listings/execute', ...json({ plan_id: edited.plan_id }) });
      expect(run.statusCode, run.body).toBe(200);
      const ids = run.json().results.map((r: { item_id: string }) => r.item_id);
      expect(ids.length).toBe(edited.items.length);
      for (const id of ids) {
        expect((await t.app.inject({ url: `/listings/${id}` })).json().description).toBe('Lot du grenier – Bon état.\n\nBoutique de Léa – merci !');
      }
    } finally {
      await t.close();
    }
  }, 180_000);
});
