import { Readable } from 'node:stream';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ErrorResponseSchema } from '../../platform/http/openapi-shared.ts';
import { StatusSchema } from '../listings/index.ts';
import { CatalogueSettingsSchema, UpdateCatalogueSettingsSchema } from './catalogue-settings.ts';
import { STOCK_COLUMNS, vintedColumns } from './csv-export.ts';
import type { StockExports } from './stock-exports.service.ts';

const csvQuery = z.object({
  status: StatusSchema.optional(),
  delimiter: z.enum(['comma', 'semicolon']).default('comma').describe('semicolon for French spreadsheets'),
  decimal: z.enum(['point', 'comma']).optional().describe('Decimal separator of prices; default comma with semicolon, point otherwise'),
  bom: z.enum(['true', 'false']).default('true').transform((v) => v === 'true').describe('UTF-8 byte-order mark, so spreadsheets read accents'),
});

// Streams are sent as they are (the declared schemas cover the error answers only). One batch is read ahead
// (highWaterMark 1): the next is produced while the client takes this one, never the whole export at once.
const stamp = () => new Date().toISOString().slice(0, 10);
const attachment = (reply: FastifyReply, type: string, name: string) =>
  reply.type(type).header('content-disposition', `attachment; filename="${name}"`).header('cache-control', 'no-store');

export function exportsRoutes(app: FastifyInstance, exports: StockExports) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['files'];
  const csvOpts = (q: z.infer<typeof csvQuery>) => {
    const delimiter = q.delimiter === 'semicolon' ? ';' as const : ',' as const;
    return { status: q.status, delimiter, decimalComma: (q.decimal ?? (delimiter === ';' ? 'comma' : 'point')) === 'comma', bom: q.bom };
  };

  r.get('/export/csv', {
    schema: {
      tags, summary: 'The stock as CSV (every item field), streamed',
      description: 'One row per item, oldest first, a header even when the stock is empty. Text cells that a spreadsheet would run as a formula '
        + '(=, +, -, @) start with an apostrophe. Our CSV import reads this file back: same ids update, never duplicate.',
      querystring: csvQuery, response: { 400: ErrorResponseSchema },
    },
  }, async (req, reply) => {
    attachment(reply, 'text/csv; charset=utf-8', `vintedbot-stock-${stamp()}.csv`);
    return reply.send(Readable.from(exports.csv(STOCK_COLUMNS, csvOpts(req.query)), { highWaterMark: 1 }) as never);
  });

  r.get('/export/vinted', {
    schema: {
      tags, summary: 'The stock in our documented Vinted CSV, streamed',
      description: 'Columns `titre, description, prix, categorie, taille, etat, marque, couleur, photos`: French labels for category, condition '
        + 'and colours, photos as absolute URLs separated by spaces. Vinted has no public CSV import: this is our own format, for spreadsheets and tools.',
      querystring: csvQuery, response: { 400: ErrorResponseSchema },
    },
  }, async (req, reply) => {
    const base = `${req.protocol}://${req.host}`;
    attachment(reply, 'text/csv; charset=utf-8', `vintedbot-vinted-${stamp()}.csv`);
    return reply.send(Readable.from(exports.csv(vintedColumns(base), csvOpts(req.query)), { highWaterMark: 1 }) as never);
  });

  r.get('/export/json', {
    schema: {
      tags, summary: 'The stock as a JSON array of items (with price history), streamed',
      querystring: z.object({ status: StatusSchema.optional() }), response: { 400: ErrorResponseSchema },
    },
  }, async (req, reply) => {
    attachment(reply, 'application/json; charset=utf-8', `vintedbot-stock-${stamp()}.json`);
    return reply.send(Readable.from(exports.json(req.query.status), { highWaterMark: 1 }) as never);
  });

  r.get('/export/pdf', {
    schema: {
      tags, summary: 'A printable A4 catalogue of the stock (PDF), streamed',
      description: 'Title, thumbnail, brand, size, condition (French), price and status per item; the header on every page; page numbers. '
        + 'Shop name and city come from /settings/catalogue.',
      querystring: z.object({ status: StatusSchema.optional() }), response: { 400: ErrorResponseSchema },
    },
  }, async (req, reply) => {
    const abort = new AbortController();
    reply.raw.on('close', () => abort.abort());
    const doc = await exports.pdf({ status: req.query.status, signal: abort.signal });
    attachment(reply, 'application/pdf', `catalogue-${stamp()}.pdf`);
    return reply.send(doc as never);
  });

  r.get('/settings/catalogue', {
    schema: { tags: ['settings'], summary: 'What the PDF catalogue prints in its header', response: { 200: CatalogueSettingsSchema } },
  }, async () => exports.catalogueSettings());

  r.patch('/settings/catalogue', {
    schema: {
      tags: ['settings'], summary: 'Change the PDF catalogue header',
      body: UpdateCatalogueSettingsSchema, response: { 200: CatalogueSettingsSchema, 400: ErrorResponseSchema },
    },
  }, async (req) => exports.updateCatalogueSettings(req.body));
}
