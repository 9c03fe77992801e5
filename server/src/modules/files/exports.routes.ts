import { Readable } from 'node:stream';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ErrorResponseSchema } from '../../platform/http/openapi-shared.ts';
import { STATUSES, StatusSchema } from '../listings/index.ts';
import { CatalogueSettingsSchema, UpdateCatalogueSettingsSchema } from './catalogue-settings.ts';
import { vintedColumns } from './csv-export.ts';
import { stockColumns } from './csv-export-fr.ts';
import { PDF_LANGS } from './pdf-words.ts';
import type { StockExports } from './stock-exports.service.ts';

const lang = z.enum(['fr', 'en']).default('fr')
  .describe('fr (default): French headers and values (catégorie "Pull", état "Très bon état", couleurs "Marine", statut "en vente", oui/non), semicolons and decimal commas. en: the API\'s keys, commas and decimal points');
const csvQuery = z.object({
  status: StatusSchema.optional(),
  lang,
  delimiter: z.enum(['comma', 'semicolon']).optional().describe('Default: semicolon in French (French spreadsheets), comma in English'),
  decimal: z.enum(['point', 'comma']).optional().describe('Decimal separator of prices; default comma with semicolon, point otherwise'),
  bom: z.enum(['true', 'false']).default('true').transform((v) => v === 'true').describe('UTF-8 byte-order mark, so spreadsheets read accents'),
});

/** The catalogue's statuses: a comma-separated list, or `all`; the items on sale by default. */
const catalogueStatuses = z.string().max(100).default('listed')
  .transform((v, ctx) => {
    const asked = v.trim() === 'all' ? [...STATUSES] : [...new Set(v.split(',').map((x) => x.trim()).filter(Boolean))];
    const bad = asked.filter((x) => !(STATUSES as readonly string[]).includes(x));
    if (bad.length || asked.length === 0) {
      ctx.addIssue({ code: 'custom', message: `unknown status "${bad[0] ?? v}" (draft, listed, sold, archived, or all)`, params: { code: 'unknown_status', value: bad[0] ?? v } });
      return z.NEVER;
    }
    return asked as (typeof STATUSES)[number][];
  })
  .describe('Which items: `listed` (default, the items on sale), a comma-separated list (`listed,draft`), or `all`');

// The catalogue's language, like the stock CSV's `lang`: French unless asked (the web app sends its own language).
const pdfLang = z.enum(PDF_LANGS).default('fr')
  .describe('The catalogue\'s language: fr (default) or en. Headings, column titles, condition, category and status names, '
    + 'the date ("7 déc. 2026" / "7 Dec 2026") and prices ("12,90 €" / "€12.90"). Another value is a 400 `validation_failed`');

// Streams are sent as they are (the declared schemas cover the error answers only). One batch is read ahead
// (highWaterMark 1): the next is produced while the client takes this one, never the whole export at once.
const stamp = () => new Date().toISOString().slice(0, 10);
const attachment = (reply: FastifyReply, type: string, name: string) =>
  reply.type(type).header('content-disposition', `attachment; filename="${name}"`).header('cache-control', 'no-store');

export function exportsRoutes(app: FastifyInstance, exports: StockExports) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['files'];
  // The stock CSV follows the language (semicolons in French); the Vinted CSV keeps its documented default, commas.
  const csvOpts = (q: Omit<z.infer<typeof csvQuery>, 'lang'> & { lang?: 'fr' | 'en' }) => {
    const delimiter = (q.delimiter ?? (q.lang === 'fr' ? 'semicolon' : 'comma')) === 'semicolon' ? ';' as const : ',' as const;
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
    return reply.send(Readable.from(exports.csv(stockColumns(req.query.lang), csvOpts(req.query)), { highWaterMark: 1 }) as never);
  });

  r.get('/export/vinted', {
    schema: {
      tags, summary: 'The stock in our documented Vinted CSV, streamed',
      description: 'Columns `titre, description, prix, categorie, taille, etat, marque, couleur, photos`: French labels for category, condition '
        + 'and colours, photos separated by spaces. Photo links are absolute on PUBLIC_URL when it is set; otherwise they are `photos/<id>.jpg`, '
        + 'the photos\' place in `format=zip` (the CSV with its photos), never this machine\'s own address. '
        + 'Vinted has no public CSV import: this is our own format, for spreadsheets and tools.',
      querystring: csvQuery.omit({ lang: true }).extend({ format: z.enum(['csv', 'zip']).default('csv').describe('zip: vinted.csv and the photos it names, in one file') }),
      response: { 400: ErrorResponseSchema },
    },
  }, async (req, reply) => {
    if (req.query.format === 'zip') {
      attachment(reply, 'application/zip', `vintedbot-vinted-${stamp()}.zip`);
      return reply.send(exports.vintedZip(csvOpts(req.query)) as never);
    }
    attachment(reply, 'text/csv; charset=utf-8', `vintedbot-vinted-${stamp()}.csv`);
    reply.header('x-photo-links', exports.linksAreAbsolute ? 'absolute' : 'zip');
    return reply.send(Readable.from(exports.csv(vintedColumns((id) => exports.photoLink(id)), csvOpts(req.query)), { highWaterMark: 1 }) as never);
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
      description: 'Title, thumbnail, brand, size, condition, price and status per item; the header on every page; page numbers. '
        + 'Shop name and city come from /settings/catalogue. By default the items on sale; `status` picks others (`listed,draft`, or `all`). '
        + 'In French unless `lang=en`.',
      querystring: z.object({ status: catalogueStatuses, lang: pdfLang }), response: { 400: ErrorResponseSchema },
    },
  }, async (req, reply) => {
    const abort = new AbortController();
    reply.raw.on('close', () => abort.abort());
    const doc = await exports.pdf({ statuses: req.query.status, lang: req.query.lang, signal: abort.signal });
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
