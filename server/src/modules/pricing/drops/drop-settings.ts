import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { Database } from '../../../platform/db/schema.ts';
import { JsonSetting } from '../../../platform/settings/json-setting.ts';
import { ROUNDING_RULES } from './drop-rules.ts';

// The seller-wide price-drop defaults (settings table, key `pricing.drops`). Per-item overrides (`auto_drop`,
// `drop_rate`, `floor`) live on the item and are edited through PATCH /listings/{id}.
export const PRICING_SETTINGS_KEY = 'pricing.drops';

const euros = z.number().min(1).max(1_000_000).multipleOf(0.01, 'at most two decimals');

export const PricingSettingsSchema = z.object({
  auto_drop_enabled: z.boolean().describe('The scheduled run lowers prices (a manual POST /pricing/run works either way)'),
  drop_rate: z.number().gt(0).max(0.5).describe('Daily drop for items without their own rate (0.05 = 5 %)'),
  rounding: z.enum(ROUNDING_RULES).describe('cents: 47.50 · ends_9: down to …9 cents (47.49) · ends_90: down to …,90 (46.90)'),
  min_floor: euros.describe('No automatic drop goes below this, whatever the item (euros, at least 1)'),
  without_floor: z.enum(['min_floor', 'skip']).describe('Items with neither a floor nor a suggested minimum: drop down to min_floor, or leave them alone'),
}).meta({ id: 'PricingSettings' });
export type PricingSettings = z.infer<typeof PricingSettingsSchema>;

export const UpdatePricingSettingsSchema = PricingSettingsSchema.partial().strict()
  .refine((o) => Object.keys(o).length > 0, 'the body changes nothing');

export const DEFAULT_PRICING_SETTINGS: PricingSettings = {
  auto_drop_enabled: true,
  drop_rate: 0.05,
  rounding: 'cents',
  min_floor: 1,
  without_floor: 'min_floor',
};


export const pricingSettingsStore = (db: Kysely<Database>) =>
  new JsonSetting<PricingSettings>(db, PRICING_SETTINGS_KEY, PricingSettingsSchema, DEFAULT_PRICING_SETTINGS);
