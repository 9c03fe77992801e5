import fs from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Command } from 'commander';
import { stockColumns, vintedColumns } from '../../modules/files/index.ts';
import { type CliEnv, EXIT, print, withContext } from '../cli-context.ts';
import { humanBytes } from '../i18n.ts';

// Files in and out of the stock, through the files module's services (the same the /export and /import routes call).

const FORMATS = ['csv', 'json', 'pdf', 'vinted', 'backup'] as const;
type Format = (typeof FORMATS)[number];

export function filesCommands(program: Command, env: () => CliEnv) {
  program.command('export')
    .argument('<format>', `${FORMATS.join(', ')}`)
    .requiredOption('-o, --output <file>', 'where to write it / fichier à écrire')
    .option('--status <status>', 'only the items of this status (csv, json, vinted); for pdf a list like listed,draft or all')
    .description('Export the stock as CSV, JSON, a PDF catalogue, the Vinted CSV, or a full backup (ZIP) / exporter le stock')
    .action(async (format: string, o: { output: string; status?: string }) => {
      const e = env();
      if (!(FORMATS as readonly string[]).includes(format)) {
        process.stderr.write(`format: ${FORMATS.join(', ')}\n`);
        process.exitCode = EXIT.usage;
        return;
      }
      await withContext(async (ctx) => {
        const out = fs.createWriteStream(o.output, { mode: format === 'backup' ? 0o600 : 0o644 });
        const status = o.status as never;
        const csvOpts = e.lang === 'fr' ? { delimiter: ';' as const, decimalComma: true, bom: true, status } : { delimiter: ',' as const, decimalComma: false, bom: true, status };
        const source: NodeJS.ReadableStream = ({
          csv: () => Readable.from(ctx.stockExports.csv(stockColumns(e.lang), csvOpts)),
          vinted: () => Readable.from(ctx.stockExports.csv(vintedColumns((id) => ctx.stockExports.photoLink(id)), { ...csvOpts, delimiter: ',', decimalComma: false })),
          json: () => Readable.from(ctx.stockExports.json(status)),
          backup: () => ctx.backups.archive(),
          pdf: null,
        } satisfies Record<Format, (() => NodeJS.ReadableStream) | null>)[format as Format]?.() ?? (await pdfStream(ctx, o.status));
        await pipeline(source, out);
      });
      const bytes = fs.statSync(o.output).size;
      print(e, { ok: true, format, file: o.output, bytes }, e.t('export.written', { file: o.output, bytes: humanBytes(bytes) }));
    });

  program.command('restore')
    .argument('<file>', 'a backup ZIP made by `vintedbot export backup` or GET /export/backup')
    .option('--replace', 'replace the whole stock with the backup (default: merge, keeping what is here)')
    .option('--dry-run', 'check the backup and count what it would restore, change nothing')
    .description('Restore a backup into the stock / restaurer une sauvegarde')
    .action(async (file: string, o: { replace?: boolean; dryRun?: boolean }) => {
      const e = env();
      const mode = o.replace ? 'replace' as const : 'merge' as const;
      const report = await withContext((ctx) => ctx.backups.restore(file, { mode, dryRun: !!o.dryRun }));
      const summary = `${report.items.restored} item(s), ${report.items.skipped_existing} kept, ${report.items.removed} removed, ${report.photos.files_restored} photo file(s)`;
      print(e, report, `${o.dryRun ? e.t('dry') : ''}${e.t('restore.done', { mode, summary })}`);
    });

  program.command('import-csv')
    .argument('<file>', 'a CSV of items (ours, or a spreadsheet\'s with French or English headers)')
    .option('--dry-run', 'check every row and count what would change, write nothing')
    .option('--partial', 'write the good rows even when some have errors (default: all or nothing)')
    .description('Import items from a CSV / importer des articles depuis un CSV')
    .action(async (file: string, o: { dryRun?: boolean; partial?: boolean }) => {
      const e = env();
      const report = await withContext((ctx) => ctx.stockImports.csv(fs.readFileSync(file), { dryRun: !!o.dryRun, mode: o.partial ? 'partial' : 'all_or_nothing', delimiter: 'auto' }));
      print(e, report, e.t('importCsv.done', {
        dry: o.dryRun ? e.t('importCsv.dry') : '', created: report.created, updated: report.updated, unchanged: report.unchanged, skipped: report.skipped, errors: report.errors.length,
      }));
      if (!e.json) for (const err of report.errors.slice(0, 20)) process.stderr.write(`  ${JSON.stringify(err)}\n`);
      if (report.errors.length) process.exitCode = EXIT.failed;
    });
}

async function pdfStream(ctx: Parameters<Parameters<typeof withContext>[0]>[0], status?: string): Promise<NodeJS.ReadableStream> {
  const all = ['draft', 'listed', 'sold', 'archived'];
  const statuses = !status ? ['listed'] : status === 'all' ? all : status.split(',').map((s) => s.trim());
  const doc = await ctx.stockExports.pdf({ statuses: statuses as never });
  return doc as unknown as NodeJS.ReadableStream;
}
