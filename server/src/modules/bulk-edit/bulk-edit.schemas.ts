import { z } from 'zod';
import { ConditionWordSchema, StatusSchema } from '../listings/index.ts';

export const BULK_EDIT_MAX = 500;
const euros = z.number().min(1).max(100_000).multipleOf(0.01);

export const BulkEditActionSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('price'),
    mode: z.enum(['percent', 'amount', 'set', 'suggestion']).describe('percent: ±%, amount: ±€, set: this price, suggestion: the item\'s suggested target'),
    value: z.number().min(-100_000).max(100_000).optional(),
  }).strict().refine((a) => a.mode === 'suggestion' || a.value !== undefined, { message: 'value is required for this mode', path: ['value'] })
    .refine((a) => a.mode !== 'percent' || (a.value! > -90 && a.value! <= 200), { message: 'a percentage between -90 and +200', path: ['value'], params: { code: 'percent_out_of_range' } })
    .refine((a) => a.mode !== 'set' || (a.value! >= 1 && Number.isInteger(Math.round(a.value! * 100))), { message: 'a price from 1.00 €', path: ['value'] }),
  z.object({ type: z.literal('status'), status: StatusSchema }).strict(),
  z.object({ type: z.literal('condition'), condition: ConditionWordSchema }).strict(),
  z.object({ type: z.literal('template'), template_id: z.uuid() }).strict(),
  z.object({ type: z.literal('location'), location: z.string().trim().max(60).nullable() }).strict(),
  z.object({ type: z.literal('floor'), floor: euros.nullable() }).strict(),
]);
export type BulkEditAction = z.infer<typeof BulkEditActionSchema>;

export const BulkEditFilterSchema = z.object({
  status: StatusSchema.optional(),
  q: z.string().trim().min(1).max(100).optional(),
  brand: z.string().trim().min(1).max(100).optional(),
  category: z.string().trim().min(1).max(60).optional(),
  size: z.string().trim().min(1).max(30).optional(),
  location: z.string().trim().min(1).max(60).optional(),
  min_price: z.number().min(0).optional(),
  max_price: z.number().min(0).optional(),
}).strict();

export const BulkEditSchema = z.object({
  ids: z.array(z.uuid()).min(1).max(BULK_EDIT_MAX).optional().describe(`The items (up to ${BULK_EDIT_MAX})`),
  filter: BulkEditFilterSchema.optional().describe("Or every item the stock's filters select (up to 500)"),
  action: BulkEditActionSchema,
  dry_run: z.boolean().default(false).describe('true: answer each item\'s change without saving it'),
}).strict().refine((b) => (b.ids === undefined) !== (b.filter === undefined), { message: 'send either ids or filter', path: ['ids'], params: { code: 'ids_or_filter' } })
  .meta({ example: { ids: ['0190a0a0-0000-7000-8000-000000000001'], action: { type: 'price', mode: 'percent', value: -10 }, dry_run: true } });
export type BulkEditInput = z.infer<typeof BulkEditSchema>;

const Change = z.object({ from: z.unknown(), to: z.unknown() });

/** The item fields a bulk edit changes (planEdit's `changes` keys, the stock's PATCH names): what an undo may restore. */
export const UNDOABLE_FIELDS = ['price', 'status', 'condition', 'description', 'storage_location', 'floor'] as const;
export const BulkUndoSchema = z.object({
  items: z.array(z.object({
    id: z.uuid(),
    changes: z.partialRecord(z.enum(UNDOABLE_FIELDS), Change.strict()).describe('The changes a bulk edit answered for this item, as it answered them'),
  }).strict()).min(1).max(BULK_EDIT_MAX).describe('The results of a bulk edit (the ok ones), to put back'),
}).strict().meta({ example: { items: [{ id: '0190a0a0-0000-7000-8000-000000000001', changes: { price: { from: 20, to: 18 } } }] } });
export type BulkUndoInput = z.infer<typeof BulkUndoSchema>;
export const BulkEditResultSchema = z.object({
  id: z.string(),
  ok: z.boolean(),
  title: z.string().nullable(),
  changes: z.record(z.string(), Change).describe('Each field that changes (or would, in a dry run), before and after'),
  error: z.object({ code: z.string(), message: z.string(), details: z.unknown().optional() }).optional(),
});
export type BulkEditResult = z.infer<typeof BulkEditResultSchema>;

export const BulkEditAnswerSchema = z.object({
  dry_run: z.boolean(),
  count: z.number().int(),
  changed: z.number().int().describe('Items changed (or that would be)'),
  failed: z.number().int(),
  results: z.array(BulkEditResultSchema),
}).meta({ id: 'BulkEditAnswer' });
