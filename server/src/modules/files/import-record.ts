import { CreateItemSchema, type CreateItemInput, type SystemFields } from '../listings/index.ts';
import { looksLikeFormula, unprotectCell } from './csv-cells.ts';
import { describeIssue } from '../../platform/http/issues.ts';
import { decode, Noted } from './import-codecs.ts';
import { type Column, COLUMNS, type EditableField, type ImportField, LEFT_OUT_WHEN_UNKNOWN } from './import-columns.ts';

export type { EditableField } from './import-columns.ts';

/**
 * One problem of one row, as the import report lists it. `line` is the line in the file (1 = header); `field` is the
 * item field's key (colors, price…, for the app to name in the seller's language); `params` the values in question.
 */
export interface RowIssue { line: number; field: string | null; code: string; message: string; params?: Record<string, unknown> }

/** A row ready to write: the item as the API would take it, plus what only an import may carry. */
export interface ImportRecord {
  line: number;
  id?: string;
  input: CreateItemInput;
  /** Fields the source gave (columns present): an update changes only those. */
  present: Set<EditableField>;
  sys: SystemFields;
  /** Status time stamps to keep (our own export, the legacy bot); the create would otherwise stamp "now". */
  stamps?: { listed_at?: string; sold_at?: string; archived_at?: string };
}

/**
 * Turns one CSV row (cells by field) into a record, or the list of what is wrong with it: each present column's codec
 * (import-columns.ts), then the item schema on the whole. Every check runs, so the seller sees all the problems of a
 * row at once, each with its column.
 */
export function recordFromCells(cells: Map<ImportField, string>, line: number, warnings: RowIssue[], opts: { strict?: boolean } = {}): { record?: ImportRecord; errors: RowIssue[] } {
  const errors: RowIssue[] = [];
  const texts = new Map<ImportField, string>();
  for (const [field, raw] of cells) {
    const { value, wasProtected } = unprotectCell(raw);
    if ((COLUMNS[field] as Column).text && !wasProtected && looksLikeFormula(value)) {
      errors.push({ line, field, code: 'formula_in_cell', message: `"${value.slice(0, 30)}" would run as a spreadsheet formula; write it without the leading = / @ / sign`, params: { value: value.slice(0, 30) } });
    } else texts.set(field, value.trim());
  }

  let id: string | undefined;
  const input: Record<string, unknown> = {};
  const sys: Record<string, unknown> = {};
  const stamps: Record<string, string> = {};
  for (const [field, column] of Object.entries(COLUMNS) as [ImportField, Column][]) {
    const reads = column.reads as readonly ImportField[] | undefined;
    if (!column.codec || !((column.when ?? reads ?? [field]) as readonly ImportField[]).some((f) => cells.has(f))) continue;
    // A column refused as a formula is reported once; a field of several columns reads it as empty.
    if (!reads && !texts.has(field)) continue;
    const text = texts.get(field) ?? '';
    let value: unknown;
    if (!reads && text === '' && column.empty) value = column.empty === 'clears' ? null : undefined;
    else {
      const r = decode(column.codec, reads ? Object.fromEntries(reads.map((f) => [f, texts.get(f) ?? ''])) : text);
      if (!r.ok) {
        for (const i of r.issues) errors.push({ line, field: column.sets ?? field, code: i.code, message: i.message, ...(i.params ? { params: i.params } : {}) });
        continue;
      }
      value = r.value;
    }
    if (value instanceof Noted) {
      for (const n of value.notes) {
        // A value we do not know was left out: the row still imports, unless the seller asked for a strict import.
        const issue = { line, field: n.field ?? column.sets ?? field, code: n.code, message: n.message, ...(n.params ? { params: n.params } : {}) };
        (opts.strict && LEFT_OUT_WHEN_UNKNOWN.has(n.code) ? errors : warnings).push(issue);
      }
      value = value.value;
    }
    if (value === undefined) continue;
    if (column.into === 'id') id = value as string;
    else if (column.into === 'sys') sys[field] = value;
    else if (column.into === 'stamps') stamps[field] = value as string;
    else input[column.sets!] = value;
  }

  if (errors.length) return { errors };
  // The API's own schema has the last word (lengths, counts), so an import accepts exactly what a POST would.
  const parsed = CreateItemSchema.safeParse({ ...input, ...(id ? { id } : {}) });
  if (!parsed.success) {
    for (const i of parsed.error.issues) {
      const d = describeIssue(i as unknown as Record<string, unknown>);
      errors.push({ line, field: String(i.path[0] ?? '') || null, code: 'invalid_value', message: i.message, params: { issue: d.code, ...d.params } });
    }
    return { errors };
  }
  const present = new Set<EditableField>();
  for (const f of cells.keys()) {
    const sets = (COLUMNS[f] as Column).sets;
    if (sets) present.add(sets);
  }
  return { record: { line, id, input: parsed.data, present, sys: sys as SystemFields, ...(Object.keys(stamps).length ? { stamps } : {}) }, errors };
}
