import { z } from 'zod';
import { GenderSchema, GenderWordSchema } from '../listings/index.ts';

// Request and response shapes of the bulk API (the seeds' contract, with its aliases).
const uuid = z.string().uuid();
const clusterId = z.string().regex(/^c\d{1,6}$/, 'a group id such as c3');
const euros = z.number().min(1, 'must be at least 1.00 €').max(100_000).multipleOf(0.01, 'at most two decimals');

export const IntakeAnswerSchema = z.object({
  ok: z.literal(true),
  job_id: z.string(),
  files: z.number().int().describe('Files received (refused ones included, listed in `rejected`)'),
  rejected: z.array(z.object({ filename: z.string(), code: z.string(), message: z.string() })),
  skipped: z.array(z.object({ filename: z.string(), code: z.string(), message: z.string() })).describe('ZIP system files left out (__MACOSX, .DS_Store…)'),
}).meta({ example: { ok: true, job_id: '01939b2e-8f7a-7c3e-9a1d-2b4c6d8e0f12', files: 147, rejected: [], skipped: [] } });

export const ProgressSchema = z.object({
  job_id: z.string(), stage: z.string(), total: z.number(), scanned: z.number(), duplicates: z.number(), analysed: z.number(),
  clusters: z.number(), categorised: z.number(), errors: z.number(), queue: z.number(), percent: z.number(),
});

const PhotoViewSchema = z.object({ id: z.string(), filename: z.string(), url: z.string(), thumb_url: z.string(), close_up: z.boolean() });
export const ClusterSchema = z.object({
  id: z.string(), photos: z.array(PhotoViewSchema), cover_photo_id: z.string().nullable(), category: z.string().nullable(),
  score: z.number().nullable(), color: z.string().nullable(), color_key: z.string().nullable(), color_secondary: z.string().nullable(),
  brand: z.string().nullable(), size: z.string().nullable(), few_photos: z.boolean(), cohesion: z.number().nullable(), edited: z.boolean(),
  item_id: z.string().nullable(),
  color_secondary_key: z.string().nullable().describe('Our key of the second colour ("green"), for a picker; null when the group has one colour'),
  category_candidates: z.array(z.object({ category: z.string(), score: z.number() })).describe("The classifier's three likeliest categories for the group, best first (the category picker offers them)"),
  listing: z.object({ title: z.string().nullable(), price: z.number().nullable(), publish: z.boolean().nullable() })
    .describe('What the seller typed on the board for this group\'s listing (title, price, "Publier"), saved as typed; the plan uses it unless the plan request overrides it'),
});

export const StatusSchema = z.object({
  ok: z.literal(true),
  job_id: z.string(),
  status: z.enum(['processing', 'completed', 'failed', 'cancelled']),
  stage: z.string(),
  created_at: z.string(),
  error: z.string().nullable(),
  progress: ProgressSchema,
  grouping: z.unknown().nullable(),
  clusters: z.array(ClusterSchema),
  duplicates: z.array(z.object({
    photo: PhotoViewSchema, kept: z.object({ id: z.string(), filename: z.string().nullable() }).nullable(), kind: z.string().nullable(), message: z.string().nullable(),
    in_stock_item_id: z.string().nullable().describe('kind in_stock: the stock item that already shows this photo (bring it back with POST /bulk/jobs/{id}/duplicates/{photo_id}/keep)'),
  })),
  errors: z.array(z.object({ photo_id: z.string(), filename: z.string(), code: z.string().nullable(), message: z.string().nullable() })),
  skipped: z.array(z.object({ filename: z.string(), code: z.string(), message: z.string() })),
});

export const StatusQuerySchema = z.object({ job: z.string().min(1).max(80) });
export const JobParamSchema = z.object({ id: z.string().min(1).max(80) });
export const PhotoParamSchema = z.object({ id: z.string().min(1).max(80), photo_id: z.string().min(1).max(80) });

export const LogQuerySchema = z.object({
  cluster: clusterId.optional(),
  after: z.coerce.number().int().min(0).optional().describe('`next_after` of the previous page'),
  limit: z.coerce.number().int().min(1).max(1000).default(500),
});
export const LogSchema = z.object({
  ok: z.literal(true),
  job_id: z.string(),
  entries: z.array(z.object({
    id: z.number(), at: z.string(), stage: z.string(),
    rule: z.string().describe('A stable code: consecutive_shots, new_garment, look_alike, no_dense_neighbourhood, same_garment_centre, close_up_<why>, close_up_alone, few_photos, categorised, '
      + 'exact_duplicate, near_duplicate, in_stock_duplicate, edit_merge, edit_move, edit_split, edit_order, edit_cover, edit_fields, edit_keep_duplicate'),
    cluster_id: z.string().nullable(),
    photos: z.array(z.object({ id: z.string(), filename: z.string().nullable() })), message: z.string().describe('A note for developers, in English: show the seller a sentence made from `rule` and `evidence` instead'),
    evidence: z.record(z.string(), z.unknown()).describe('The rule\'s parameters: probabilities (0–1), seconds, catalogue keys (categories, colours), file ids'),
  })),
  next_after: z.number().nullable(),
});

export const ClusterParamSchema = z.object({ id: clusterId });
export const PatchClusterSchema = z.object({
  job_id: uuid,
  merge: z.array(clusterId).min(1).max(500).optional().describe('Groups whose photos join this one (they disappear)'),
  move: z.object({ photo_ids: z.array(uuid).min(1).max(500), to: z.union([clusterId, z.literal('new')]) }).optional().describe('Photos of this group moved to another group, or to a new one'),
  split_at: uuid.optional().describe('This photo and the ones after it become a new group'),
  order: z.array(uuid).min(1).max(500).optional().describe('Every photo of the group, in the new order'),
  cover_photo_id: uuid.optional(),
  category: z.string().trim().min(1).max(60).optional(),
  color: z.string().trim().min(1).max(40).optional(),
  color_secondary: z.string().trim().min(1).max(40).nullable().optional(),
  brand: z.string().trim().min(1).max(100).nullable().optional(),
  size: z.string().trim().min(1).max(30).nullable().optional(),
  title: z.string().trim().max(100).nullable().optional().describe('The listing title the seller typed on the board (kept as typed; the plan uses it from 5 characters)'),
  price: z.number().min(0).max(100_000).nullable().optional().describe('The listing price typed on the board (the plan uses it from 1.00 €)'),
  publish: z.boolean().nullable().optional().describe('The board\'s "Publier" tick'),
}).strict().refine((b) => Object.keys(b).length > 1, { message: 'the body changes nothing', params: { code: 'nothing_to_change' } })
  .meta({ example: { job_id: '01939b2e-8f7a-7c3e-9a1d-2b4c6d8e0f12', move: { photo_ids: ['01939b2e-9000-7000-8000-000000000001'], to: 'c4' } } });
export const PatchAnswerSchema = z.object({
  ok: z.literal(true), job_id: z.string(),
  clusters: z.array(ClusterSchema).describe('Only the groups this edit touched (the target, a move\'s destination, a split\'s new group), as GET /bulk/status shows them: '
    + 'merge them into the board you hold, by id (replace the ones you have, add the new ones at the end); the other groups did not change'),
  removed: z.array(z.string()).describe('Groups the edit left empty (a merge\'s absorbed groups, a group whose last photo moved): drop them from the board'),
});

const OverrideSchema = z.object({
  title: z.string().trim().min(5).max(100).optional(), description: z.string().trim().min(5).max(2000).optional(), price: euros.optional(),
  condition: z.string().max(40).optional(), publish: z.boolean().optional(), category: z.string().max(60).optional(), color: z.string().max(40).optional(),
  brand: z.string().max(100).nullable().optional(), size: z.string().max(30).nullable().optional(),
  gender: GenderWordSchema.nullable().optional().describe('women, men or kids (femme, homme, enfant); null: not stated'),
}).strict();
export const PlanRequestSchema = z.object({
  job_id: uuid.optional().describe('The bulk job; without it, your latest finished job (the answer says which)'),
  defaults: z.object({
    price: euros.optional(), condition: z.string().max(40).optional(), publish: z.boolean().optional(),
    gender: GenderWordSchema.optional().describe("Who the whole session is for (a wardrobe of men's clothes): the Vinted leaf and a word of each title"),
  }).strict().optional(),
  overrides: z.record(clusterId, OverrideSchema).optional(),
  mode: z.enum(['template', 'analysed']).default('template'),
  city: z.string().trim().min(1).max(80).optional().describe('Overrides SELLER_CITY in the description'),
  template_id: uuid.optional().describe('A saved description template (GET /templates) for the descriptions; without it, the bulk template once the seller has edited it, else the built-in text'),
}).strict().meta({ example: { job_id: '01939b2e-8f7a-7c3e-9a1d-2b4c6d8e0f12', defaults: { price: 25, condition: 'bon', publish: false }, overrides: { c3: { title: 'Hoodie noir Nike – Taille M', price: 30 } } } });

export const PlanItemSchema = z.object({
  cluster_id: z.string(), title: z.string(), description: z.string(), price: z.number(), publish: z.boolean(), warnings: z.array(z.string()),
  category: z.string().nullable(), colors: z.array(z.string()), condition: z.string(), brand: z.string().nullable(), size: z.string().nullable(),
  gender: GenderSchema.nullable(), photo_ids: z.array(z.string()), keywords: z.array(z.string()), hashtags: z.array(z.string()),
  price_source: z.string().describe('override (yours), suggestion (the single listings\' suggestion: category × brand tier × condition, PRICE_RULES_JSON included), default (defaults.price, category unknown), DEFAULT_PRICE, or analysed'),
  price_suggestion: z.object({ min: z.number(), target: z.number(), max: z.number(), justification: z.string() }).nullable(),
  sale_score: z.number().nullable().describe('0–100, as single drafts have it'),
});
export const PlanAnswerSchema = z.object({
  ok: z.literal(true), plan_id: z.string(), job_id: z.string(), version: z.number(), mode: z.string(), created_at: z.string(), items: z.array(PlanItemSchema),
  job_source: z.enum(['request', 'latest']).optional().describe('latest: no job_id was sent, your latest finished job was planned'),
});

export const ExecuteRequestSchema = z.object({
  plan_id: uuid.optional().describe('The plan; without it, the latest plan of your latest finished job (the answer says which)'),
  dry_run: z.boolean().default(true).describe('true (default): drafts only, nothing sent to Vinted; false: the groups marked publish also go to Vinted when publication is on'),
  only: z.array(clusterId).min(1).max(500).optional(),
  set_publish_true: z.boolean().default(false),
}).strict().meta({ example: { plan_id: '01939b2f-0000-7000-8000-000000000000', dry_run: true, only: ['c3', 'c7'], set_publish_true: false } });
const StepSchema = z.record(z.string(), z.unknown()).nullable();
export const ExecuteAnswerSchema = z.object({
  ok: z.literal(true), plan_id: z.string(), dry_run: z.boolean(),
  job_id: z.string().optional(), plan_source: z.enum(['request', 'latest']).optional().describe('latest: no plan_id was sent, the latest plan of your latest finished job ran'),
  results: z.array(z.object({
    cluster_id: z.string(), ok: z.boolean(), dry_run: z.boolean(), item_id: z.string().nullable(),
    created: z.boolean().optional().describe('The draft was made by this run (false: it existed already, from an earlier run)'),
    duplicate: z.boolean().describe('The group was drafted before (this plan run twice, or an earlier plan): that draft is reported, none is made'),
    possible_duplicate: z.boolean().optional().describe('The stock\'s duplicate check found the same article (photos or title): see duplicate_of'),
    duplicate_of: z.array(z.object({ item_id: z.string(), reason: z.string(), score: z.number() })).optional(),
    draft: z.object({ title: z.string(), price: z.number(), photos: z.number(), category: z.string().nullable(), colors: z.array(z.string()) }).nullable(),
    prepare: StepSchema, publish: StepSchema, error: z.object({ code: z.string(), message: z.string() }).nullable(),
  })),
});

// The later seed's names.
export const AnalyzeAnswerSchema = z.object({ job_id: z.string(), plan_id: z.string(), estimated_items: z.number(), status: z.literal('processing') });
export const JobAliasSchema = z.object({
  job_id: z.string(), status: z.enum(['processing', 'completed', 'failed', 'cancelled']), progress: z.number().int().min(0).max(100),
  total_photos: z.number(), processed_photos: z.number(), estimated_items: z.number(),
});
export const GenerateRequestSchema = z.object({
  plan_id: uuid.optional().describe('Without it, the latest plan of your latest finished job'),
  skip_validation: z.boolean().default(false).describe('false: drafts must pass the quality gates to be flagged ready (those that do not are listed in not_ready); true: created anyway, without that report'),
  style: z.string().trim().min(1).max(30).optional().describe('minimal (the short template, as planned), or a tone of the writer: pro, amical (friendly, casual), fluide (fluid, storytelling), detailed/professional (pro)'),
}).strict().meta({ example: { plan_id: '01939b2f-0000-7000-8000-000000000000', skip_validation: false, style: 'minimal' } });
export const GenerateAnswerSchema = z.object({
  ok: z.boolean(), drafts_created: z.number(), drafts_failed: z.number(), draft_ids: z.array(z.string()),
  plan_id: z.string().optional(), style: z.string().optional(), validation: z.enum(['checked', 'skipped']).optional(),
  ready: z.number().optional().describe('Drafts that pass the quality gates (publish_ready)'),
  not_ready: z.array(z.object({ item_id: z.string(), cluster_id: z.string(), missing_fields: z.array(z.string()) })).optional(),
  possible_duplicates: z.number().optional().describe('Drafts the stock\'s duplicate check flagged'),
});
export const CancelAnswerSchema = z.object({ ok: z.literal(true), job_id: z.string(), status: z.string(), deleted: z.boolean() });
