import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { Database } from '../../platform/db/schema.ts';
import { JsonSetting } from '../../platform/settings/json-setting.ts';

// What the PDF catalogue prints in its header (settings table, key `files.catalogue`).
export const CatalogueSettingsSchema = z.object({
  shop_name: z.string().trim().min(1).max(80).describe('Printed at the top of every page of the PDF catalogue'),
  city: z.string().trim().min(1).max(80).nullable().describe('Printed under the shop name (hand delivery, pick-up)'),
}).meta({ id: 'CatalogueSettings' });
export type CatalogueSettings = z.infer<typeof CatalogueSettingsSchema>;

export const UpdateCatalogueSettingsSchema = CatalogueSettingsSchema.partial().strict()
  .refine((o) => Object.keys(o).length > 0, { message: 'the body changes nothing', params: { code: 'nothing_to_change' } });

export const catalogueSettingsStore = (db: Kysely<Database>) =>
  new JsonSetting<CatalogueSettings>(db, 'files.catalogue', CatalogueSettingsSchema, { shop_name: 'Ma boutique Vinted', city: null });
