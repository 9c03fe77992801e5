import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { DuplicatesService } from './duplicates.service.ts';
import type { DuplicateResolutions } from './duplicate-actions.ts';
import { IdParamSchema, ItemSchema } from '../listings/index.ts';
import { ErrorResponseSchema } from '../../platform/http/openapi-shared.ts';

const tags = ['duplicates'];

const MatchSchema = z.object({
  item_id: z.string(),
  reason: z.enum(['image', 'title']),
  score: z.number().describe('0–1: 1 − hash distance/64 for a hash match (1 = same file), the embedding similarity for a look-alike, token-set ratio for titles'),
  evidence: z.object({
    photo_id: z.string().optional(), matched_photo_id: z.string().optional(),
    check: z.enum(['hash', 'lookalike']).optional().describe('For a photo match, which check found it: the perceptual hash, or the garment embedding behind it (a re-cropped, re-framed or re-lit copy)'),
    hash_distance: z.number().optional(), colour_distance: z.number().optional(),
    similarity: z.number().optional().describe('Look-alike matches: cosine similarity of the garment embeddings (0–1)'),
    title: z.string().optional(),
  }),
});

const GroupSchema = z.object({
  items: z.array(z.object({
    id: z.string(), title: z.string(), status: z.string(), price: z.number().nullable(), possible_duplicate: z.boolean(),
    created_at: z.string(), thumb_url: z.string().nullable(),
  })),
  matches: z.array(z.object({ item_id: z.string(), duplicate_of: z.string(), reason: z.string(), score: z.number() })),
}).meta({ id: 'DuplicateGroup' });

const CheckSchema = z.object({
  item_id: z.string().uuid().optional().describe('An existing item: its photos and title are used when none are given, and it is left out of the answer'),
  photo_ids: z.array(z.string().uuid()).max(20).optional(),
  title: z.string().trim().min(1).max(200).optional(),
  brand: z.string().trim().max(100).nullable().optional(),
  size: z.string().trim().max(30).nullable().optional(),
}).strict().refine((b) => b.item_id || b.photo_ids?.length || b.title, { message: 'give item_id, photo_ids or title', params: { code: 'nothing_to_check' } })
  .meta({ example: { photo_ids: ['0190f3c2-7c1e-7b3a-9d1e-2f9a4c5b6d7e'], title: 'Jupe plissée Zara noire S', brand: 'Zara', size: 'S' } });

export function duplicatesRoutes(app: FastifyInstance, duplicates: DuplicatesService, resolutions: DuplicateResolutions) {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get('/duplicates', {
    schema: {
      tags, summary: 'Groups of items flagged as possible duplicates',
      description: 'Active items (draft, listed) the intake flagged (`possible_duplicate`), grouped with the items they duplicate, '
        + 'with each link\'s reason (image or title) and score. Links to items sold, archived or deleted since are left out.',
      querystring: z.object({ limit: z.coerce.number().int().min(1).max(1000).default(200).describe('Most flagged items read') }),
      response: { 200: z.object({ groups: z.array(GroupSchema) }), 400: ErrorResponseSchema },
    },
  }, async (req) => ({ groups: await duplicates.groups(req.query.limit) }));

  r.post('/duplicates/check', {
    schema: {
      tags, summary: 'Which active items an article duplicates',
      description: 'Photos match on equal SHA-256, or on a perceptual-hash distance (of 64 bits) with a colour-layout distance: '
        + 'hash ≤ 4 and colour ≤ 5.1, hash ≤ 6 and colour ≤ 3.4, or hash ≤ 10 and colour ≤ 2.6 (calibrated on the shared dataset); '
        + 'when the hash finds nothing, on a garment-embedding similarity (`evidence.check: lookalike`, a copy cropped, re-framed or re-lit) '
        + 'against the same owner\'s photos only; '
        + 'titles on a fuzzy token-set ratio ≥ 0.9 sharing at least half their words, unless brand or size contradict '
        + '("Jupe Zara S" is not "Jupe Zara XS"). Checked against draft and listed items only. Flags nothing: the intake does that.',
      body: CheckSchema,
      response: { 200: z.object({ matches: z.array(MatchSchema) }), 400: ErrorResponseSchema },
    },
  }, async (req) => ({
    matches: await duplicates.findMatches({
      itemId: req.body.item_id, photoIds: req.body.photo_ids, title: req.body.title, brand: req.body.brand, size: req.body.size,
    }),
  }));

  const errors = { 400: ErrorResponseSchema, 404: ErrorResponseSchema, 409: ErrorResponseSchema };
  r.post('/duplicates/:id/dismiss', {
    schema: {
      tags, summary: 'Not a duplicate: clear the item\'s possible-duplicate flag',
      description: 'The seller checked: the item is not the same article as the ones it was linked to. Its flag and links go; it leaves GET /duplicates and the dashboard\'s to-do.',
      params: IdParamSchema, response: { 200: ItemSchema, ...errors },
    },
  }, async (req) => resolutions.dismiss(req.params.id));

  r.post('/duplicates/:id/merge', {
    schema: {
      tags, summary: 'Same article: merge the item into another',
      description: 'The photos `into` lacks are added after its own (up to 20), then this item is archived with its flag cleared; `into` keeps its text and price. '
        + 'To archive the duplicate without merging, PATCH /listings/{id} with {"status": "archived"}.',
      params: IdParamSchema,
      body: z.object({ into: z.string().uuid().describe('The item to keep') }).strict(),
      response: { 200: z.object({ kept: ItemSchema, archived: ItemSchema, photos_added: z.number().int() }), ...errors },
    },
  }, async (req) => resolutions.merge(req.params.id, req.body.into));
}
