import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { Database } from '../../platform/db/schema.ts';
import { JsonSetting } from '../../platform/settings/json-setting.ts';

// What the daily purge does (settings table, key `maintenance.purge`). Draft purging is off until the seller
// turns it on, and archives rather than deletes unless told otherwise.
export const PurgeSettingsSchema = z.object({
  drafts_enabled: z.boolean().describe('Purge drafts left untouched for drafts_after_days (off by default)'),
  drafts_after_days: z.number().int().min(1).max(3650),
  drafts_action: z.enum(['archive', 'delete']).describe('archive (default): the draft stays, archived; delete: it is gone'),
  logs_after_days: z.number().int().min(1).max(3650).describe('Finished job runs, scheduler ticks and price-drop runs older than this are deleted'),
  orphan_photos: z.boolean().describe('Remove photo files no photo row refers to (leftovers of interrupted uploads and restores)'),
}).meta({ id: 'PurgeSettings' });
export type PurgeSettings = z.infer<typeof PurgeSettingsSchema>;

export const UpdatePurgeSettingsSchema = PurgeSettingsSchema.partial().strict()
  .refine((o) => Object.keys(o).length > 0, { message: 'the body changes nothing', params: { code: 'nothing_to_change' } });

export const DEFAULT_PURGE_SETTINGS: PurgeSettings = {
  drafts_enabled: false, drafts_after_days: 30, drafts_action: 'archive', logs_after_days: 90, orphan_photos: true,
};

export const purgeSettingsStore = (db: Kysely<Database>) =>
  new JsonSetting<PurgeSettings>(db, 'maintenance.purge', PurgeSettingsSchema, DEFAULT_PURGE_SETTINGS);
