import { CsvError, parse } from 'csv-parse/sync';
import { AppError, badRequest } from '../../platform/errors.ts';
import { cleanText } from '../../platform/text.ts';
import { formatBytes } from './upload.ts';
import { type ImportField, mapHeader } from './import-columns.ts';
import { type ImportRecord, recordFromCells, type RowIssue } from './import-record.ts';

export type DelimiterChoice = 'auto' | 'comma' | 'semicolon' | 'tab';
const DELIMITERS: Record<Exclude<DelimiterChoice, 'auto'>, string> = { comma: ',', semicolon: ';', tab: '\t' };

export interface CsvImportParse {
  records: ImportRecord[];
  errors: RowIssue[];
  warnings: RowIssue[];
  /** Data rows read (the header excluded, empty lines skipped). */
  total_rows: number;
  delimiter: string;
}

/**
 * Reads an import CSV whole (its size is capped before this) into records and per-row problems. What makes the
 * whole file unreadable (encoding, header, quoting, size) is an AppError: nothing of such a file is imported.
 */
export function parseImportCsv(buf: Buffer, opts: { delimiter: DelimiterChoice; maxRows: number; maxLineBytes?: number; strict?: boolean }): CsvImportParse {
  const text = decodeUtf8(buf);
  const body = text.replace(/^\uFEFF/, '');
  const firstLine = body.slice(0, body.search(/\r?\n|$/));
  if (firstLine.trim() === '') throw badRequest('csv_empty', 'The file is empty: expected a header line (titre;prix;taille;…) and one row per item');
  const delimiter = opts.delimiter === 'auto' ? detectDelimiter(firstLine) : DELIMITERS[opts.delimiter];

  let rows: { record: string[]; info: { lines: number } }[];
  try {
    rows = parse(body, {
      delimiter, relax_column_count: true, skip_empty_lines: true, info: true, trim: false,
      // A lone quote inside a cell (Jean 32" …) is text, as spreadsheets write it; an unclosed quoted cell is still an error.
      relax_quotes: true,
      // One more than allowed, so an oversized file is recognised without parsing all of it.
      to: opts.maxRows + 2,
      // One row (a runaway quoted cell swallows the rest of the file into one) is capped like any line we read.
      ...(opts.maxLineBytes ? { max_record_size: opts.maxLineBytes } : {}),
    }) as unknown as typeof rows;
  } catch (e) {
    if (e instanceof CsvError && e.code === 'CSV_MAX_RECORD_SIZE') {
      const line = (e as CsvError & { lines?: number }).lines;
      throw new AppError(413, 'csv_line_too_long', `Line ${line ?? '?'} of the CSV is longer than ${formatBytes(opts.maxLineBytes!)} (IMPORT_MAX_LINE_BYTES): an unclosed quote?`, { line, max_bytes: opts.maxLineBytes });
    }
    if (e instanceof CsvError) {
      const line = (e as CsvError & { lines?: number }).lines;
      throw badRequest('csv_malformed', `The CSV is malformed near line ${line ?? '?'}: ${e.message.replace(/^Invalid Record Length: |\s*\(line \d+\)\.?$/g, '')}`, { line, reason: e.code });
    }
    throw e;
  }
  if (rows.length - 1 > opts.maxRows) {
    throw new AppError(413, 'csv_too_many_rows', `The file has more than ${opts.maxRows.toLocaleString('en')} rows; split it into several files (IMPORT_MAX_ROWS)`, { max_rows: opts.maxRows });
  }
  // The text rule (platform/text.ts) on every cell: control characters removed before anything reads them.
  for (const r of rows) r.record = r.record.map(cleanText);
  const header = rows[0].record.map((h) => h.replace(/^\uFEFF/, ''));
  const map = mapHeader(header);
  if (!map.columns.includes('title')) {
    const other = header.length === 1 ? [';', ',', '\t', '|'].find((d) => d !== delimiter && header[0].includes(d)) : undefined;
    if (other) {
      throw badRequest('csv_wrong_delimiter', `The header is a single column "${header[0].slice(0, 80)}": the file is separated by "${other === '\t' ? 'tab' : other}", not "${delimiter}". Use comma or semicolon, or pass the right delimiter`, { found: header[0].slice(0, 200), delimiter });
    }
    throw badRequest('csv_missing_column', 'No title column: the header needs "titre" or "title" (and usually prix/price, taille/size, marque/brand, état/condition)', { header: header.slice(0, 50) });
  }
  if (map.duplicates.length) throw badRequest('csv_duplicate_column', `Columns given twice: ${map.duplicates.join(', ')}`, { columns: map.duplicates });

  const warnings: RowIssue[] = map.unknown.length
    ? [{ line: 1, field: null, code: 'unknown_columns', message: `Ignored columns: ${map.unknown.slice(0, 20).join(', ')}`, params: { columns: map.unknown.slice(0, 20) } }]
    : [];
  const errors: RowIssue[] = [];
  const records: ImportRecord[] = [];
  let total = 0;
  for (const { record: cells, info } of rows.slice(1)) {
    if (cells.every((c) => c.trim() === '')) continue;
    total++;
    const line = info.lines;
    if (cells.length !== header.length) {
      errors.push({ line, field: null, code: 'column_count', message: `The row has ${cells.length} cells, the header ${header.length}: a missing or extra "${delimiter === '\t' ? 'tab' : delimiter}"? (quote cells that contain it)`, params: { cells: cells.length, expected: header.length, delimiter } });
      continue;
    }
    const byField = new Map<ImportField, string>();
    map.columns.forEach((f, i) => f && byField.set(f, cells[i]));
    const r = recordFromCells(byField, line, warnings, { strict: opts.strict });
    errors.push(...r.errors);
    if (r.record) records.push(r.record);
  }
  return { records, errors, warnings, total_rows: total, delimiter };
}

/** The header's most frequent candidate outside quotes; a single column falls back to ",". */
export function detectDelimiter(headerLine: string): string {
  const counts = new Map<string, number>([[';', 0], [',', 0], ['\t', 0]]);
  let quoted = false;
  for (const ch of headerLine) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && counts.has(ch)) counts.set(ch, counts.get(ch)! + 1);
  }
  const [best, n] = [...counts.entries()].sort((a, b) => b[1] - a[1])[0];
  return n > 0 ? best : ',';
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/** UTF-8 or a 415 naming the first bad line: a Latin-1 file read as UTF-8 would silently garble every accent. */
function decodeUtf8(buf: Buffer): string {
  // UTF-16 (what some spreadsheets call "Unicode text") is valid UTF-8 byte by byte when it is plain ASCII, NULs between
  // the letters: recognised by its byte order mark or those NULs, and named.
  const head = buf.subarray(0, 512);
  const nuls = head.reduce((n, b) => n + (b === 0 ? 1 : 0), 0);
  if ((head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff) || (head.length >= 8 && nuls * 4 >= head.length)) {
    throw new AppError(415, 'csv_invalid_encoding', 'The file is UTF-16 ("Unicode text"), not UTF-8. Save it as "CSV UTF-8" and import it again', { line: 1, encoding: 'utf-16' });
  }
  try {
    return strictUtf8.decode(buf);
  } catch {
    let line = 1;
    let start = 0;
    for (let i = 0; i <= buf.length; i++) {
      if (i === buf.length || buf[i] === 0x0a) {
        try {
          strictUtf8.decode(buf.subarray(start, i));
        } catch {
          break;
        }
        line++;
        start = i + 1;
      }
    }
    throw new AppError(415, 'csv_invalid_encoding', `The file is not valid UTF-8 (first bad bytes on line ${line}). Save it as "CSV UTF-8" and import it again`, { line });
  }
}
