import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ErrorResponseSchema } from '../../platform/http/openapi-shared.ts';
import { ApplyResultSchema, ApplyTemplateSchema, CreateTemplateSchema, PatchTemplateSchema, SignatureSchema, TemplateSchema } from './templates.schemas.ts';
import type { TemplatesService } from './templates.service.ts';

const E = ErrorResponseSchema;
const IdParams = z.object({ id: z.uuid() });

export function templatesRoutes(app: FastifyInstance, templates: TemplatesService) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['templates'];
  r.get('/templates', { schema: { tags, summary: "Saved description templates (the bulk plan's one first)", response: { 200: z.object({ templates: z.array(TemplateSchema) }) } } },
    async () => ({ templates: await templates.list() }));
  r.post('/templates', {
    schema: {
      tags, summary: 'Save a description template', body: CreateTemplateSchema, response: { 201: TemplateSchema, 400: E },
      description: 'Variables: {marque} {taille} {etat} {mesures} {ville} {couleur} {matiere} {categorie} {titre} {prix} {sku} {emplacement}, or their English names ({brand} {size} {condition} {measurements} {city}…). 400 `template_too_long` when the text (with the shop signature) cannot fit Vinted\'s 2,000 characters, `template_unknown_variable` for a misspelt variable.',
    },
  }, async (req, reply) => reply.code(201).send(await templates.create(req.body)));
  r.get('/templates/:id', { schema: { tags, summary: 'One template', params: IdParams, response: { 200: TemplateSchema, 404: E } } },
    async (req) => templates.get(req.params.id));
  r.patch('/templates/:id', { schema: { tags, summary: 'Change a template', params: IdParams, body: PatchTemplateSchema, response: { 200: TemplateSchema, 400: E, 404: E } } },
    async (req) => templates.patch(req.params.id, req.body));
  r.delete('/templates/:id', { schema: { tags, summary: 'Delete a template', params: IdParams, response: { 204: z.null(), 404: E } } },
    async (req, reply) => {
      await templates.delete(req.params.id);
      return reply.code(204).send(null);
    });
  r.post('/templates/:id/apply', {
    schema: { tags, summary: "Write the template's description on items (one result per item; dry_run previews)", params: IdParams, body: ApplyTemplateSchema, response: { 200: ApplyResultSchema, 400: E, 404: E } },
  }, async (req) => ({ results: await templates.apply(req.params.id, req.body.item_ids, { dryRun: req.body.dry_run }) }));
  r.get('/settings/signature', { schema: { tags, summary: 'The shop signature', response: { 200: SignatureSchema } } },
    async () => ({ signature: await templates.signature() }));
  r.put('/settings/signature', {
    schema: { tags, summary: 'Set the shop signature (null or empty: none); 400 `signature_too_long` past 500 characters', body: SignatureSchema, response: { 200: SignatureSchema, 400: E } },
  }, async (req) => templates.setSignature(req.body.signature));
}
