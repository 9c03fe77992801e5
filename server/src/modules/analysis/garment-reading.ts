import { z } from 'zod';
import { CATEGORIES, CONDITIONS, FIBRES, VINTED_COLOURS } from '@vintedbot/catalog';
import { boundDefect, DEFECTS_MAX, DefectSchema } from './defects.ts';

// What a provider reads from the photos of one garment. The offline analyser and the LLM answer in this one
// shape, and the LLM's reply is validated by this very schema. It stays within what OpenAI's strict structured
// outputs accept (every key required, null for unknown, no numeric bounds): bounds are applied after parsing.
const CATEGORY_KEYS = CATEGORIES.map((c) => c.key) as [string, ...string[]];
const COLOUR_KEYS = VINTED_COLOURS.map((c) => c.key) as [string, ...string[]];
const FIBRE_KEYS = Object.keys(FIBRES) as [string, ...string[]];

export const GarmentReadingSchema = z
  .object({
    category: z.enum(CATEGORY_KEYS).nullable().describe('Garment category key, null when unsure'),
    brand: z.string().nullable().describe('Brand exactly as printed on a visible label, tag or logo; null when none is readable'),
    size: z.string().nullable().describe('Size exactly as printed on a visible label (e.g. "M", "38", "W32 L34", "EU 43"); null when not readable'),
    condition: z.enum(CONDITIONS).nullable().describe('Condition when the photos show it (attached shop tags: new_with_tags); null when unsure'),
    colors: z.array(z.enum(COLOUR_KEYS)).describe('Main garment colour first, then a second one if it covers a large part; at most two'),
    materials: z
      .array(z.object({ fibre: z.enum(FIBRE_KEYS), percent: z.number().nullable() }))
      .describe('Fibres as printed on the composition label; empty when no label is readable'),
    details: z.array(z.string()).describe('Up to three short visible details (neckline, cut, pattern, closure), in the listing language'),
    defects: z.array(DefectSchema).describe('Visible defects, one entry each (type, severity, photo number from 1, location in the listing language); empty when none is visible'),
    label_text: z.string().nullable().describe('Text read on labels and tags, verbatim; null when none'),
  })
  .strict();

export type GarmentReading = z.infer<typeof GarmentReadingSchema>;

/** The bounds the schema cannot carry for strict structured outputs: two colours, sane percentages, short lists. */
export function boundReading(r: GarmentReading): GarmentReading {
  const trim = (s: string | null, max: number) => (s && s.trim() ? s.trim().slice(0, max) : null);
  return {
    ...r,
    brand: trim(r.brand, 100),
    size: trim(r.size, 30),
    colors: [...new Set(r.colors)].slice(0, 2),
    materials: r.materials
      .filter((m, i, all) => all.findIndex((x) => x.fibre === m.fibre) === i)
      .map((m) => ({ fibre: m.fibre, percent: m.percent !== null && m.percent >= 1 && m.percent <= 100 ? Math.round(m.percent) : null }))
      .slice(0, 3),
    details: r.details.map((d) => d.trim()).filter(Boolean).slice(0, 3),
    defects: r.defects.map((d) => boundDefect(d)).slice(0, DEFECTS_MAX),
    label_text: trim(r.label_text, 500),
  };
}
