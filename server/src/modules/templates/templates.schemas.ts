import { z } from 'zod';
import { TEMPLATE_NAME_MAX, TEMPLATE_VARIABLE_NAMES } from './template-render.ts';

// Lengths are checked by the service, not here, so an oversized template gets its own code (template_too_long).
export const CreateTemplateSchema = z.object({
  name: z.string().trim().min(1).max(TEMPLATE_NAME_MAX),
  body: z.string().min(1).max(100_000).describe(`Text with {variables}: ${TEMPLATE_VARIABLE_NAMES.join(', ')}. A line whose variable the item lacks is left out`),
  is_default: z.boolean().optional().describe("The bulk plan's template"),
}).strict();
export type CreateTemplateInput = z.infer<typeof CreateTemplateSchema>;
export const PatchTemplateSchema = CreateTemplateSchema.partial().strict();
export type PatchTemplateInput = z.infer<typeof PatchTemplateSchema>;

export const TemplateSchema = z.object({
  id: z.string(), name: z.string(), body: z.string(), is_default: z.boolean(), created_at: z.string(), updated_at: z.string(),
}).meta({ id: 'DescriptionTemplate' });
export type Template = z.infer<typeof TemplateSchema>;

export const SignatureSchema = z.object({
  signature: z.string().max(100_000).nullable().describe('Appended after a blank line to every generated or templated description (within 2,000 characters); null for none'),
}).meta({ id: 'ShopSignature' });

export const ApplyTemplateSchema = z.object({
  item_ids: z.array(z.uuid()).min(1).max(500),
  dry_run: z.boolean().optional().describe('Answer the descriptions without saving'),
}).strict();

export const ApplyResultSchema = z.object({
  results: z.array(z.object({
    id: z.string(), ok: z.boolean(), description: z.string().optional(),
    error: z.object({ code: z.string(), message: z.string(), details: z.unknown().optional() }).optional(),
  })),
});
