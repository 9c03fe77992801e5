import { z } from 'zod';
import { ACTOR_NAMES, HISTORY_TYPES } from './history-entries.ts';

const DAY_OR_INSTANT = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2}))?$/;
const When = z.string().regex(DAY_OR_INSTANT, 'a day (2026-03-01) or an ISO 8601 time').refine((v) => !Number.isNaN(Date.parse(v)), 'not a real date');
const Types = z.union([z.enum(HISTORY_TYPES), z.array(z.enum(HISTORY_TYPES))]).transform((v) => (Array.isArray(v) ? v : [v]));

export const HistoryQuerySchema = z.object({
  type: z.preprocess((v) => (typeof v === 'string' && v.includes(',') ? v.split(',') : v), Types.optional())
    .describe(`One or more of ${HISTORY_TYPES.join(', ')} (repeated or comma-separated)`),
  item_id: z.uuid().optional(),
  actor: z.enum(ACTOR_NAMES).optional().describe('Who or what made the change'),
  from: When.optional().describe('From this day (UTC) or instant, included'),
  to: When.optional().describe('Up to this day (UTC, the whole day) or instant, included'),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(500).optional(),
});
export type HistoryQuery = z.infer<typeof HistoryQuerySchema>;

export const HistoryEntrySchema = z.object({
  id: z.string(),
  at: z.string(),
  entity: z.enum(['item', 'order']),
  entity_id: z.string(),
  item_id: z.string().nullable(),
  type: z.string().describe(HISTORY_TYPES.join(', ')),
  actor: z.string().describe(`${ACTOR_NAMES.join(', ')}`),
  title: z.string().nullable().describe("The item's title at the time"),
  changes: z.record(z.string(), z.object({ from: z.unknown(), to: z.unknown() })).describe('Each changed field, before and after (euros for prices)'),
}).meta({ id: 'HistoryEntry' });
export type HistoryEntryOut = z.infer<typeof HistoryEntrySchema>;

export const HistoryPageSchema = z.object({ entries: z.array(HistoryEntrySchema), next_cursor: z.string().nullable() });
