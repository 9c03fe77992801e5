import { describe, expect, it } from 'vitest';
import { CreateItemSchema } from '../listings/index.ts';
import { boundsOf } from './import-codecs.ts';
import { COLUMNS, type ImportField, mapHeader } from './import-columns.ts';
import { recordFromCells } from './import-record.ts';
import { legacyRecords } from './legacy-import.ts';

const row = (cells: Partial<Record<ImportField, string>>) => recordFromCells(new Map(Object.entries({ title: 'Pull', ...cells }) as [ImportField, string][]), 2, []);
const F = CreateItemSchema.shape;

describe('import codecs follow the item schema', () => {
  it('accepts a text at the schema limit and refuses one past it, with the limit in the message', () => {
    for (const [field, code] of [['brand', 'brand_too_long'], ['size', 'size_too_long'], ['material', 'material_too_long'], ['category', 'category_too_long']] as const) {
      const { max } = boundsOf(F[field]);
      expect(row({ [field]: 'x'.repeat(max) }).errors).toEqual([]);
      expect(row({ [field]: 'x'.repeat(max + 1) }).errors).toEqual([{ line: 2, field, code, message: `At most ${max} characters`, params: { max } }]);
    }
    const title = boundsOf(F.title).max;
    expect(row({ title: 'x'.repeat(title + 1) }).errors[0]).toMatchObject({ code: 'title_too_long', message: expect.stringContaining(`Vinted allows ${title}`) });
  });

  it('reads prices, scores and rates within the schema ranges only', () => {
    const price = boundsOf(F.price);
    expect(row({ price: String(price.min) }).record?.input.price).toBe(price.min);
    expect(row({ price: String(price.max + 1) }).errors[0].code).toBe('price_out_of_range');
    const score = boundsOf(F.estimated_sale_score);
    expect(row({ estimated_sale_score: String(score.max) }).record?.input.estimated_sale_score).toBe(score.max);
    expect(row({ estimated_sale_score: String(score.max + 1) }).errors[0].code).toBe('invalid_sale_score');
    expect(row({ drop_rate: `${boundsOf(F.drop_rate).max * 100}%` }).record?.input.drop_rate).toBe(boundsOf(F.drop_rate).max);
    expect(row({ drop_rate: '0' }).errors[0].code).toBe('invalid_drop_rate');
  });

  it('shortens legacy values to the schema limits, keeping the original', () => {
    const max = boundsOf(F.title).max;
    const long = 'y'.repeat(max + 20);
    const { records, warnings } = legacyRecords([{ title: long, brand: 'b'.repeat(500) }], 'UTC');
    expect(records[0].input.title).toHaveLength(max);
    expect(records[0].input.brand).toHaveLength(boundsOf(F.brand).max);
    expect(records[0].sys.extra).toMatchObject({ legacy: { title: long } });
    expect(warnings.map((w) => w.code)).toEqual(['title_truncated']);
  });

  it('gives every header to one column only', () => {
    const headers = Object.values(COLUMNS).flatMap((c) => c.headers);
    expect(new Set(headers).size).toBe(headers.length);
    expect(mapHeader(['Titre', 'Prix de vente demandé', 'État', 'inconnue']).columns).toEqual(['title', 'price', 'condition', null]);
  });
});
