import fs from 'node:fs/promises';
import { AppError } from '../../platform/errors.ts';
import type { ImportReport, StockImports } from './stock-import.service.ts';

const USAGE = 'Usage: npm run import-legacy -- <path/to/items.json> [--dry-run] [--partial]';

/**
 * `npm run import-legacy -- data/items.json`: moves the Python bot's stock in. Prints the report; exits 1 when
 * the import was refused (all-or-nothing with errors), so a script notices. `open` starts the application (once
 * the arguments and the file are read) and gives its import service and how to close it.
 */
export async function importLegacyCommand(args: string[], open: () => Promise<{ imports: StockImports; close(): Promise<void> }>): Promise<void> {
  const file = args.find((a) => !a.startsWith('--'));
  const unknown = args.filter((a) => a.startsWith('--') && !['--dry-run', '--partial'].includes(a));
  if (!file || unknown.length) {
    process.stderr.write(`${unknown.length ? `Unknown option ${unknown.join(', ')}\n` : ''}${USAGE}\n`);
    process.exitCode = 2;
    return;
  }
  let buf: Buffer;
  try {
    buf = await fs.readFile(file);
  } catch (e) {
    process.stderr.write(`Cannot read ${file}: ${(e as Error).message}\n`);
    process.exitCode = 1;
    return;
  }
  const app = await open();
  try {
    const report = await app.imports.legacy(buf, { dryRun: args.includes('--dry-run'), mode: args.includes('--partial') ? 'partial' : 'all_or_nothing' });
    process.stdout.write(describe(report, file));
  } catch (e) {
    if (!(e instanceof AppError)) throw e;
    process.stderr.write(`${e.message}\n`);
    if (e.details && typeof e.details === 'object' && 'errors' in e.details) process.stderr.write(describe(e.details as ImportReport, file));
    process.exitCode = 1;
  } finally {
    await app.close();
  }
}

function describe(r: ImportReport, file: string): string {
  const lines = [
    `${r.dry_run ? 'Dry run of' : 'Imported'} ${file}: ${r.total_rows} item(s) read, ${r.created} created, ${r.updated} updated, ${r.unchanged} unchanged, ${r.skipped} skipped.`,
    ...r.errors.slice(0, 50).map((e) => `  error   item ${e.line}${e.field ? ` (${e.field})` : ''}: ${e.message}`),
    ...(r.errors.length > 50 ? [`  … and ${r.errors.length - 50} more errors`] : []),
    ...r.warnings.slice(0, 50).map((w) => `  warning item ${w.line}${w.field ? ` (${w.field})` : ''}: ${w.message}`),
    ...(r.warnings.length > 50 ? [`  … and ${r.warnings.length - 50} more warnings`] : []),
  ];
  return `${lines.join('\n')}\n`;
}
