import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { Database } from '../../../platform/db/schema.ts';
import { JsonSetting } from '../../../platform/settings/json-setting.ts';
import { type DropPolicy, ROUNDING_RULES } from './drop-rules.ts';

// The seller-wide price-drop defaults (settings table, key `pricing.drops`). Per-item overrides (`auto_drop`,
// `drop_rate`, `floor`) live on the item and are edited through PATCH /listings/{id}.
export const PRICING_SETTINGS_KEY = 'pricing.drops';

const euros = z.number().min(1).max(1_000_000).multipleOf(0.01, 'at most two decimals');

export const PricingSettingsSchema = z.object({
  auto_drop_enabled: z.boolean().describe('The scheduled run lowers prices (a manual POST /pricing/run works either way)'),
  drop_rate: z.number().gt(0).max(0.5).describe('Daily drop for items without their own rate (0.05 = 5 %)'),
  rounding: z.enum(ROUNDING_RULES).describe('From 50 € at 5 %: cents 47.50 · ends_9: up to …9 cents (47.59) · ends_90: up to …,90 (47.90). Never a bigger drop than the rate: a small rate may hold a charm price (see POST /pricing/simulate)'),
  min_floor: euros.describe('No automatic drop goes below this, whatever the item (euros, at least 1)'),
  drop_by_default: z.boolean().describe("The specification's default: listed items with a floor of their own (a floor the seller typed, or their suggestion's minimum) drop automatically unless switched off one by one. false: only items whose automatic drop the seller switched on one by one (auto_drop: true sent for that item) drop"),
  without_floor: z.enum(['skip', 'min_floor']).describe('Items with neither a floor nor a suggested minimum (bulk and CSV items often): skip (default) leaves them alone until a floor is set; min_floor lets them drop down to min_floor'),
}).meta({ id: 'PricingSettings' });
export type PricingSettings = z.infer<typeof PricingSettingsSchema>;

export const UpdatePricingSettingsSchema = PricingSettingsSchema.partial().strict()
  .refine((o) => Object.keys(o).length > 0, { message: 'the body changes nothing', params: { code: 'nothing_to_change' } });

export const DEFAULT_PRICING_SETTINGS: PricingSettings = {
  auto_drop_enabled: true,
  drop_rate: 0.05,
  rounding: 'cents',
  min_floor: 1,
  drop_by_default: true,
  // An item drops only down to a floor of its own: a 45 € jacket imported without one must not slide to 1 €.
  without_floor: 'skip',
};


export const pricingSettingsStore = (db: Kysely<Database>) =>
  new JsonSetting<PricingSettings>(db, PRICING_SETTINGS_KEY, PricingSettingsSchema, DEFAULT_PRICING_SETTINGS);

/** The settings as the drop rules read them (floor in cents). */
export const dropPolicyOf = (s: PricingSettings): DropPolicy => ({
  auto_drop_enabled: s.auto_drop_enabled, drop_by_default: s.drop_by_default, without_floor: s.without_floor,
  min_floor_cents: Math.round(s.min_floor * 100), drop_rate: s.drop_rate, rounding: s.rounding,
});
