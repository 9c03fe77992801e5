// Reads a labelled photo folder (labels.csv, optionally colours.csv) as the shared datasets lay it out.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';

export interface LabelledPhoto { file: string; label: string; sender: string }
export interface ColourLabel { file: string; colour: string; second: string | null; confidence: string; note: string }

export function readLabels(dir: string): LabelledPhoto[] {
  const rows = parse(readFileSync(join(dir, 'labels.csv')), { columns: true, skip_empty_lines: true }) as Record<string, string>[];
  return rows.map((r) => ({ file: r.file, label: r.class, sender: r.sender_id ?? '' }));
}

/** colours.csv with Vinted's "French (English)" names, or null when the folder has none. */
export function readColourLabels(dir: string): Map<string, ColourLabel> | null {
  const path = join(dir, 'colours.csv');
  if (!existsSync(path)) return null;
  const rows = parse(readFileSync(path), { columns: true, skip_empty_lines: true }) as Record<string, string>[];
  return new Map(rows.map((r) => [r.file, { file: r.file, colour: r.colour, second: r.second_colour || null, confidence: r.confidence, note: r.note ?? '' }]));
}
