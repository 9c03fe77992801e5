import fs from 'node:fs/promises';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ErrorResponseSchema } from '../../platform/http/openapi-shared.ts';
import type { StockImports } from './stock-import.service.ts';
import { receiveFile } from './upload.ts';

const IssueSchema = z.object({
  line: z.number().int().describe('Line in the file (1 = the header)'),
  field: z.string().nullable().describe('The item field in question, by its key (title, price, colors, condition…), for the app to name in the seller\'s language'),
  code: z.string().describe('Stable code of the problem (unknown_color, no_price_kept_draft, invalid_price…)'),
  message: z.string().describe('English, for logs and developers'),
  params: z.record(z.string(), z.unknown()).optional().describe('The values in question, e.g. {"value": "Camel"}'),
}).meta({ id: 'ImportIssue' });
export const ImportReportSchema = z.object({
  dry_run: z.boolean(),
  mode: z.enum(['all_or_nothing', 'partial']),
  total_rows: z.number().int(),
  imported: z.number().int().describe('Rows written (created + updated); in a dry run, rows that would be'),
  created: z.number().int(),
  updated: z.number().int().describe('Rows whose id already exists: the item takes the row\'s fields'),
  unchanged: z.number().int().describe('Rows whose id exists with the same content'),
  skipped: z.number().int(),
  rejected: z.boolean().describe('mode=all_or_nothing met an error: nothing is written. A dry run still counts what the good rows give (created, updated, skipped), as mode=partial would write them'),
  errors: z.array(IssueSchema),
  warnings: z.array(IssueSchema),
  duplicates: z.array(z.object({ line: z.number().int(), item_id: z.string(), title: z.string(), matches: z.array(z.object({ item_id: z.string(), reason: z.string(), score: z.number() })) })),
}).meta({ id: 'ImportReport' });

const flag = z.enum(['true', 'false']).default('false').transform((v) => v === 'true');
const mode = z.enum(['all_or_nothing', 'partial']).default('all_or_nothing');

/** Uploads go to `tmpDir`, refused past `maxBytes` (IMPORT_MAX_BYTES). */
export function importsRoutes(app: FastifyInstance, imports: StockImports, upload: { tmpDir: string; maxBytes: number }) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['files'];
  const errors = { 400: ErrorResponseSchema, 413: ErrorResponseSchema, 415: ErrorResponseSchema, 422: ErrorResponseSchema };

  r.post('/import/csv', {
    // Its answers say what remains of these quotas (accounts mode, modules/quotas).
    config: { quota: ['listings'] },
    schema: {
      tags, summary: 'Import items from a CSV file',
      description: 'multipart/form-data with the file in a part named `file`. Comma, semicolon or tab (detected from the header, or `delimiter`), '
        + 'UTF-8 with or without BOM, decimal comma or point, French or English headers (titre/title, prix/price, taille/size, marque/brand, '
        + 'état/etat/condition, catégorie/category, description, statut/status, couleur/color, id; our own export\'s columns too). '
        + 'A row whose `id` exists updates that item with the row\'s fields (re-importing an export never duplicates); other rows create items, '
        + 'through the same quality gates and duplicate check as the API. Colours and conditions take common synonyms (camel → beige, écru → crème, TBE → très bon état); '
        + 'a value still unknown is left out with a warning (`strict=true` makes it an error), and a row "en vente" without a price is imported as a draft, with a warning. '
        + '`dry_run=true` validates without writing. By default an error in '
        + 'any row imports nothing (422 `import_rejected`, the report in `error.details`); `mode=partial` imports the good rows.',
      consumes: ['multipart/form-data'],
      querystring: z.object({
        dry_run: flag, mode, delimiter: z.enum(['auto', 'comma', 'semicolon', 'tab']).default('auto'),
        strict: flag.describe('true: an unknown colour, condition, gender or status is an error for its row. Default: the row is imported without that value, with a warning'),
      }),
      response: { 200: ImportReportSchema, ...errors },
    },
  }, async (req) => {
    const file = await receiveFile(req, upload.tmpDir, upload.maxBytes, 'CSV file');
    try {
      return await imports.csv(await fs.readFile(file.path), { delimiter: req.query.delimiter, dryRun: req.query.dry_run, mode: req.query.mode, strict: req.query.strict });
    } finally {
      await file.cleanup();
    }
  });

  r.post('/import/legacy', {
    // Its answers say what remains of these quotas (accounts mode, modules/quotas).
    config: { quota: ['listings'] },
    schema: {
      tags, summary: 'Import the Python VintedBot\'s data/items.json',
      description: 'multipart/form-data, the file in a part named `file`. Keeps ids (non-UUID ids get a stable derived UUID), price history, '
        + 'suggestions and dates (naive local times read in TZ). Same report, `dry_run` and `mode` as the CSV import; `line` is the item\'s position in the list. '
        + 'Also available as `npm run import-legacy -- <path>`.',
      consumes: ['multipart/form-data'],
      querystring: z.object({ dry_run: flag, mode }),
      response: { 200: ImportReportSchema, ...errors },
    },
  }, async (req) => {
    const file = await receiveFile(req, upload.tmpDir, upload.maxBytes, 'items.json');
    try {
      return await imports.legacy(await fs.readFile(file.path), { dryRun: req.query.dry_run, mode: req.query.mode });
    } finally {
      await file.cleanup();
    }
  });
}
