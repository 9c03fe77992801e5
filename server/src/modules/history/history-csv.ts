import type { HistoryEntryOut } from './history.schemas.ts';

// The history as CSV for a spreadsheet: comma-separated, UTF-8 with a BOM (accents), one line per entry, the changes
// in words ("price: 30 → 27"). A text cell starting with = + - @ gets a leading apostrophe, so a title cannot run as
// a formula when the file is opened.

const HEADER = ['at', 'type', 'actor', 'entity', 'entity_id', 'item_id', 'title', 'changes'];

const shown = (v: unknown) => (v === null || v === undefined ? '–' : typeof v === 'string' ? v : JSON.stringify(v));
const changesText = (c: HistoryEntryOut['changes']) => Object.entries(c).map(([k, v]) => `${k}: ${shown(v.from)} → ${shown(v.to)}`).join('; ');

function cell(v: string): string {
  const safe = /^[=+\-@\t\r]/.test(v) ? `'${v}` : v;
  return /[",\r\n]|^ | $/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

export async function* historyCsv(pages: AsyncIterable<HistoryEntryOut[]>): AsyncGenerator<string> {
  yield `\uFEFF${HEADER.join(',')}\r\n`;
  for await (const page of pages) {
    yield page.map((e) => [e.at, e.type, e.actor, e.entity, e.entity_id, e.item_id ?? '', e.title ?? '', changesText(e.changes)].map(cell).join(',') + '\r\n').join('');
  }
}
