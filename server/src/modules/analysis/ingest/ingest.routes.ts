import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { badRequest } from '../../../platform/errors.ts';
import { describeIssue } from '../../../platform/http/issues.ts';
import { ErrorResponseSchema } from '../../../platform/http/openapi-shared.ts';
import { ComposedAnswerSchema, ComposeRequestSchema, type Hints, IngestResultSchema, IngestUrlsSchema, MultipartFieldsSchema, SaveDraftSchema } from './ingest.schemas.ts';
import { type PhotosService, receiveUploads } from '../../photos/index.ts';
import type { IngestService } from './ingest.service.ts';

const errors = { 400: ErrorResponseSchema, 409: ErrorResponseSchema, 410: ErrorResponseSchema, 413: ErrorResponseSchema, 415: ErrorResponseSchema, 422: ErrorResponseSchema };

/** Multipart text fields, validated like the JSON body (a field sent twice keeps its last value). */
function parseFields(raw: Record<string, string[]>) {
  const last: Record<string, string> = Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, v[v.length - 1]]));
  let merged: Record<string, unknown> = last;
  if (last.hints !== undefined) {
    let grouped: unknown;
    try {
      grouped = JSON.parse(last.hints);
    } catch {
      grouped = null;
    }
    if (!grouped || typeof grouped !== 'object' || Array.isArray(grouped)) {
      throw badRequest('validation_failed', 'Invalid body: hints must be a JSON object', { issues: [{ path: 'hints', code: 'invalid_type', params: { expected: 'object' }, message: 'must be a JSON object' }] });
    }
    const { hints: _, ...flat } = last;
    merged = { ...(grouped as Record<string, unknown>), ...flat };
  }
  const r = MultipartFieldsSchema.safeParse(merged);
  if (!r.success) {
    const issues = r.error.issues.map((i) => describeIssue(i as unknown as Record<string, unknown>));
    throw badRequest('validation_failed', `Invalid body: ${issues.map((i) => `${i.path || '(root)'} ${i.message}`).join('; ')}`, { issues, params: { where: 'body', count: issues.length } });
  }
  const { save, ...hints } = r.data;
  return { save, hints: hints as Hints };
}

/** The ingest's routes; the photo intake's limits size the multipart upload. */
export async function ingestRoutes(app: FastifyInstance, { ingest, photos }: { ingest: IngestService; photos: PhotosService }) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['ingest'];

  // The later seed's names for the same upload (/ingest/upload, and its versioned /api/v1/ingest/upload).
  for (const path of ['/ingest/photos', '/ingest/upload', '/api/v1/ingest/upload']) r.post(path, {
    // Its answers say what remains of these quotas (accounts mode, modules/quotas).
    config: { quota: ['listings', 'analyses', 'storage_bytes'] },
    schema: {
      tags,
      summary: path === '/ingest/photos' ? 'Photos of one garment in, a complete listing out (saved as a draft unless save=false)' : 'Alias of POST /ingest/photos',
      description: [
        'Send 1–20 photos of ONE garment, either as multipart `files` or as JSON `{"urls": [...]}`, with optional hints',
        '(`brand`, `size`, `category`, `condition`, `price`, `tone`, `language`, `notes`) as form fields or JSON keys.',
        'Answers the listing: title, description, keywords, hashtags, price suggestion, sale score with its breakdown,',
        'quality flags, possible duplicates, the stored photos and how the analysis went (`analysis.provider`,',
        '`analysis.fallback_reason` when the configured LLM failed). `save=false` previews without creating an item:',
        'the answer carries a `preview_token` to save it with POST /ingest/save-draft. 201 when saved, 200 for a preview.',
        'The JSON body is described here; the multipart form takes the same fields.',
      ].join(' '),
      consumes: ['application/json', 'multipart/form-data'],
      // Validates a JSON body; a multipart body has no body here and is validated field by field in the handler.
      body: IngestUrlsSchema.nullish(),
      response: { 200: IngestResultSchema, 201: IngestResultSchema, ...errors },
    },
  }, async (req, reply) => {
    if (req.isMultipart()) {
      // Parts stream to temp files; the hints are checked before any photo is taken in, so a bad hint stores nothing.
      const received = await receiveUploads(req, { maxFiles: photos.limits.maxFiles, maxFileBytes: photos.limits.maxBytes, tempDir: photos.store.tempDir });
      let result;
      try {
        const { hints, save } = parseFields(received.fields);
        result = await ingest.fromUploads(received.files, hints, save);
      } finally {
        await received.cleanup(); // before answering: once the client has its answer, no temp file remains
      }
      return reply.code(result.saved ? 201 : 200).send(result);
    }
    if (!req.body) throw badRequest('validation_failed', 'Send photos as multipart "files" or as JSON {"urls": [...]}');
    const { urls, hints: grouped, save, ...flat } = req.body;
    const hints: Hints = { ...grouped, ...Object.fromEntries(Object.entries(flat).filter(([, v]) => v !== undefined)) };
    const result = await ingest.fromUrls(urls, hints, save);
    return reply.code(result.saved ? 201 : 200).send(result);
  });

  r.post('/ingest/save-draft', {
    // Its answers say what remains of these quotas (accounts mode, modules/quotas).
    config: { quota: ['listings'] },
    schema: {
      tags,
      summary: 'Save a previewed listing as a draft item',
      description: 'Takes the `preview_token` of a `save=false` answer, optionally with `edits`. What the seller sees is what is saved: the title, description, price, keywords and hashtags sent are stored as they are, and a field not sent keeps the value the preview showed (changed facts never rewrite the text or the price: POST /ingest/compose shows the re-composed text first). The token is signed and expires (INGEST_PREVIEW_TTL_S); saving the same preview twice answers 409.',
      body: SaveDraftSchema,
      response: { 201: IngestResultSchema, ...errors },
    },
  }, async (req, reply) => reply.code(201).send(await ingest.saveDraft(req.body.preview_token, req.body.edits ?? {})));

  r.post('/ingest/compose', {
    // Its answers say what remains of these quotas (accounts mode, modules/quotas).
    config: { quota: ['analyses'] },
    schema: {
      tags,
      summary: 'Re-compose a listing from the facts as the seller edits them (nothing is saved)',
      description: 'For the new-listing form, called (debounced) as the seller types: the preview\'s facts (`preview_token`) with `edits` laid over them, '
        + 'or the edited facts alone, in; title, description, keywords, hashtags, price (the seller\'s, else the suggested target), price suggestion, '
        + 'sale score and checklist (`flags`) out. No photo is read again and nothing is written. Save what it shows with POST /ingest/save-draft.',
      body: ComposeRequestSchema,
      response: { 200: ComposedAnswerSchema, 400: ErrorResponseSchema, 410: ErrorResponseSchema },
    },
  }, async (req) => ingest.recompose(req.body));
}
