import { Readable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ErrorResponseSchema } from '../../platform/http/openapi-shared.ts';
import { StatusSchema } from '../listings/index.ts';
import { STOCK_COLUMNS } from './csv-export.ts';
import type { DraftsArchive } from './drafts-archive.ts';
import { ImportReportSchema } from './imports.routes.ts';
import type { StockExports } from './stock-exports.service.ts';
import { receiveFile } from './upload.ts';

// The seeds' file routes that ours did not cover: the drafts as a ZIP (JSON + photos) and back, and the stock under
// the later seed's name (GET /export/listings?format=csv|json, the same files as /export/csv and /export/json).
const stamp = () => new Date().toISOString().slice(0, 10);

export function seedFilesRoutes(app: FastifyInstance, o: { drafts: DraftsArchive; exports: StockExports; tmpDir: string; maxBytes: number }) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['files'];

  r.get('/export/drafts', {
    schema: {
      tags, summary: 'Every draft as a ZIP: drafts.json (the listings) and their photos',
      description: 'drafts.json holds `{format: "vintedbot-drafts", version, exported_at, count, drafts: [{id, title, description, brand, category, size, condition, '
        + 'colors, material, gender, keywords, hashtags, price, price_suggestion, estimated_sale_score, photos: ["photos/<id>.jpg"], created_at, updated_at}]}`; '
        + 'the photos are the JPEGs the app shows. POST /import/drafts reads it back.',
    },
  }, async (_req, reply) => {
    reply.type('application/zip').header('content-disposition', `attachment; filename="vintedbot-drafts-${stamp()}.zip"`).header('cache-control', 'no-store');
    return reply.send(o.drafts.archive() as never);
  });

  r.post('/import/drafts', {
    // Its answers say what remains of these quotas (accounts mode, modules/quotas).
    config: { quota: ['listings'] },
    schema: {
      tags, summary: 'Import drafts: the ZIP of GET /export/drafts, or the JSON alone',
      description: 'multipart/form-data, the file in a part named `file`: the ZIP (drafts.json and its photos, stored by content) or a JSON file alone '
        + '(our drafts.json, whose photos must then already be in this app, or the Python VintedBot\'s items). Each draft goes through the same checks as '
        + 'the CSV import (validation, quality gates, the stock\'s duplicate check and its console line); a draft whose id exists is updated, never '
        + 'duplicated. `dry_run=true` checks without writing; `mode=partial` imports the good drafts when some are wrong. The ZIP is checked whole first '
        + '(paths, links, entries, sizes).',
      consumes: ['multipart/form-data'],
      querystring: z.object({
        dry_run: z.enum(['true', 'false']).default('false').transform((v) => v === 'true'),
        mode: z.enum(['all_or_nothing', 'partial']).default('all_or_nothing'),
      }),
      response: {
        200: ImportReportSchema.extend({ photos: z.object({ stored: z.number().int(), missing: z.number().int() }) }),
        400: ErrorResponseSchema, 413: ErrorResponseSchema, 415: ErrorResponseSchema, 422: ErrorResponseSchema,
      },
    },
  }, async (req) => {
    const file = await receiveFile(req, o.tmpDir, o.maxBytes, 'drafts file');
    try {
      return await o.drafts.import(file.path, { dryRun: req.query.dry_run, mode: req.query.mode });
    } finally {
      await file.cleanup();
    }
  });

  r.get('/export/listings', {
    schema: {
      tags, summary: 'The stock as CSV or JSON (the later seed\'s name for /export/csv and /export/json), streamed',
      querystring: z.object({ format: z.enum(['csv', 'json']).default('json'), status: StatusSchema.optional() }),
      response: { 400: ErrorResponseSchema },
    },
  }, async (req, reply) => {
    const { format, status } = req.query;
    reply.header('cache-control', 'no-store');
    if (format === 'csv') {
      reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="vintedbot-listings-${stamp()}.csv"`);
      return reply.send(Readable.from(o.exports.csv(STOCK_COLUMNS, { status, delimiter: ',', decimalComma: false, bom: true }), { highWaterMark: 1 }) as never);
    }
    reply.type('application/json; charset=utf-8').header('content-disposition', `attachment; filename="vintedbot-listings-${stamp()}.json"`);
    return reply.send(Readable.from(o.exports.json(status), { highWaterMark: 1 }) as never);
  });
}
