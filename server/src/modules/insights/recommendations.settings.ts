import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { Database } from '../../platform/db/schema.ts';
import { JsonSetting } from '../../platform/settings/json-setting.ts';

// Thresholds of GET /recommendations (settings table, key `insights.recommendations`).
export const RecommendationSettingsSchema = z.object({
  listed_days: z.number().int().min(1).max(365).describe('An item listed for longer than this is worth republishing'),
  floor_days: z.number().int().min(1).max(365).describe('An item at its floor price with no price change for this long needs a new price'),
  low_score: z.number().int().min(0).max(100).describe('A sale score under this suggests a reprice'),
}).meta({ id: 'RecommendationSettings' });
export type RecommendationSettings = z.infer<typeof RecommendationSettingsSchema>;

export const UpdateRecommendationSettingsSchema = RecommendationSettingsSchema.partial().strict()
  .refine((o) => Object.keys(o).length > 0, { message: 'the body changes nothing', params: { code: 'nothing_to_change' } });

export const DEFAULT_RECOMMENDATION_SETTINGS: RecommendationSettings = { listed_days: 30, floor_days: 7, low_score: 40 };

export const recommendationSettingsStore = (db: Kysely<Database>) =>
  new JsonSetting<RecommendationSettings>(db, 'insights.recommendations', RecommendationSettingsSchema, DEFAULT_RECOMMENDATION_SETTINGS);
