import { createReadStream } from 'node:fs';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { PhotosService } from './photos.service.ts';
import { AppError } from '../../platform/errors.ts';
import { ErrorResponseSchema } from '../../platform/http/openapi-shared.ts';
import type { PhotoVariant } from '../../platform/storage/photo-store.ts';
import { receiveUploads } from './multipart-uploads.ts';
import { ingestedOut, PhotoIdParamSchema, PhotoListSchema, PhotoSchema, rowOut, UrlIntakeSchema } from './photos.schemas.ts';

const tags = ['photos'];
const OriginalQuerySchema = z.object({ original: z.enum(['0', '1', 'true', 'false']).optional().describe('1: the photo as sent, without the studio\'s edit') });
const intakeErrors = { 400: ErrorResponseSchema, 413: ErrorResponseSchema, 415: ErrorResponseSchema, 422: ErrorResponseSchema };
// A photo's bytes change when the seller edits it in the studio, so browsers keep them but ask again each time
// (If-None-Match; the ETag names the bytes served, a 304 costs nothing). `?original=1` serves the unedited photo,
// which never changes under an id: that one may be kept for a year.
const CACHE_CONTROL = 'private, no-cache';
const CACHE_CONTROL_ORIGINAL = 'private, max-age=31536000, immutable';

export function photosRoutes(app: FastifyInstance, service: PhotosService) {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.post('/photos', {
    // Its answers say what remains of these quotas (accounts mode, modules/quotas).
    config: { quota: ['storage_bytes'] },
    schema: {
      tags, summary: 'Upload photos (multipart) without creating an item',
      description: 'multipart/form-data with 1–20 image parts (any field name; `files` by convention), up to 15 MB and 100 megapixels each. '
        + 'JPEG, PNG, WebP, AVIF, GIF and HEIC/HEIF, recognised by their bytes. All or nothing: one bad file fails the request '
        + '(empty_file, unsupported_media_type 415, file_too_large / image_too_large 413, invalid_image 422, too_many_files 413, no_files) '
        + 'and nothing of it is kept. Each photo is stored once per content (SHA-256), as a 1600 px JPEG preview and a ~400 px WebP '
        + 'thumbnail, EXIF and GPS stripped, with its perceptual hash, dominant colours, quality figures and capture time.',
      consumes: ['multipart/form-data'],
      response: { 201: PhotoListSchema, ...intakeErrors },
    },
  }, async (req, reply) => {
    const received = await receiveUploads(req, { maxFiles: service.limits.maxFiles, maxFileBytes: service.limits.maxBytes, tempDir: service.store.tempDir });
    let photos;
    try {
      photos = await service.ingestUploads(received.files);
    } finally {
      await received.cleanup(); // before answering: once the client has its answer, no temp file remains
    }
    return reply.code(201).send({ photos: photos.map(ingestedOut) });
  });

  r.post('/photos/from-urls', {
    // Its answers say what remains of these quotas (accounts mode, modules/quotas).
    config: { quota: ['storage_bytes'] },
    schema: {
      tags, summary: 'Take in photos from image URLs',
      description: 'JSON `{"urls": [...]}`, 1–20 http(s) URLs. Hosts resolving to loopback, private, link-local, CGNAT, unique-local, '
        + 'multicast or metadata addresses are refused (url_forbidden_address), on every redirect (at most 5); bodies are capped at 15 MB '
        + '(url_too_large 413) and 10 s (url_timeout); the bytes must be an image (url_not_image 415). Same all-or-nothing rule as uploads.',
      body: UrlIntakeSchema,
      response: { 201: PhotoListSchema, ...intakeErrors },
    },
  }, async (req, reply) => {
    const photos = await service.ingestUrls(req.body.urls);
    return reply.code(201).send({ photos: photos.map(ingestedOut) });
  });

  r.get('/photos/:id/info', {
    schema: { tags, summary: 'What is known about a stored photo', params: PhotoIdParamSchema, response: { 200: PhotoSchema, 400: ErrorResponseSchema, 404: ErrorResponseSchema } },
  }, async (req) => rowOut(await service.get(req.params.id)));

  const serve = (variant: PhotoVariant) => async (req: FastifyRequest<{ Params: { id: string }; Querystring: { original?: string } }>, reply: FastifyReply) => {
    const original = req.query.original === '1' || req.query.original === 'true';
    const f = await service.file(req.params.id, variant, { original });
    const etag = `"${f.etag}"`;
    reply.header('etag', etag).header('cache-control', original ? CACHE_CONTROL_ORIGINAL : CACHE_CONTROL).header('x-content-type-options', 'nosniff');
    if (matchesEtag(req.headers['if-none-match'], etag)) return reply.code(304).send();
    reply.type(f.mime).header('accept-ranges', 'bytes');
    // One byte range (a viewer resuming, a browser seeking): the local file, fetched from the bucket if need be.
    const range = /^bytes=(\d*)-(\d*)$/.exec(String(req.headers.range ?? ''));
    if (range && (range[1] || range[2])) {
      const start = range[1] ? Number(range[1]) : Math.max(0, f.size - Number(range[2]));
      const end = range[1] && range[2] ? Math.min(Number(range[2]), f.size - 1) : f.size - 1;
      if (start >= f.size || start > end) {
        throw new AppError(416, 'range_not_satisfiable', `The range asked for is past the end of the photo file (${f.size} bytes)`, { params: { size: f.size } }, { 'content-range': `bytes */${f.size}` });
      }
      reply.code(206).header('content-range', `bytes ${start}-${end}/${f.size}`).header('content-length', end - start + 1);
      return reply.send(createReadStream(f.path, { start, end }));
    }
    reply.header('content-length', f.size);
    return reply.send(f.stream());
  };

  r.get('/photos/:id', {
    schema: {
      tags, summary: 'A photo (1600 px JPEG preview, edited when the seller edited it)',
      description: 'image/jpeg. The studio\'s edit is applied when there is one; `?original=1` serves the photo as sent. ETag names the bytes served (the SHA-256 of the photo as sent, or of the edit); If-None-Match answers 304; one `Range: bytes=a-b` answers 206 (416 `range_not_satisfiable` past the end).',
      params: PhotoIdParamSchema, querystring: OriginalQuerySchema, response: { 400: ErrorResponseSchema, 404: ErrorResponseSchema, 416: ErrorResponseSchema },
    },
  }, serve('preview'));

  r.get('/photos/:id/thumb', {
    schema: {
      tags, summary: 'A photo\'s thumbnail (~400 px WebP)', description: 'image/webp, edited and cached like the preview.',
      params: PhotoIdParamSchema, querystring: OriginalQuerySchema, response: { 400: ErrorResponseSchema, 404: ErrorResponseSchema, 416: ErrorResponseSchema },
    },
  }, serve('thumb'));
}

function matchesEtag(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  return header.split(',').some((t) => {
    const v = t.trim().replace(/^W\//, '');
    return v === etag || v === '*';
  });
}
