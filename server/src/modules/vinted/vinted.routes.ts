import fs from 'node:fs';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError, badRequest } from '../../platform/errors.ts';
import { ErrorResponseSchema } from '../../platform/http/openapi-shared.ts';
import { vintedPricePending } from '../listings/index.ts';
import { accountScope } from './account-scope.ts';
import type { VintedConnector } from './vinted-connector.ts';
import { IDEMPOTENCY_KEY_RE } from './idempotency.ts';
import type { PrepareInput } from './publication.service.ts';
import type { FlowAnswer } from './site-outcome.ts';
import type { ReceivedPhoto } from './photo-files.ts';
import {
  AuthCheckSchema, DraftSchema, FlowAnswerSchema, OnVintedSchema, PrepareSchema, PublishSchema, SaveSessionAnswerSchema, SaveSessionSchema, StagedPhotoSchema,
} from './vinted.schemas.ts';

// The seller's session, staged photos, and the two-phase publication (prepare → publish) plus save-as-draft.

const E = ErrorResponseSchema;
const flowResponses = { 200: FlowAnswerSchema, 400: E, 401: E, 403: E, 404: E, 409: E, 422: z.union([FlowAnswerSchema, E]), 429: E, 502: E, 503: E };

export function vintedRoutes(app: FastifyInstance, v: VintedConnector) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['vinted'];

  r.post('/vinted/auth/session', {
    schema: {
      tags, summary: "Save the seller's Vinted session (sealed at rest)",
      description: 'Log in on Vinted in your own browser, copy the whole Cookie header of a vinted tab and send it here. It is encrypted (AES-256-GCM) and never returned or logged. The app never logs in for you.',
      body: SaveSessionSchema, response: { 200: SaveSessionAnswerSchema, 400: E, 401: E },
    },
  }, async (req) => v.auth.save(req.body));

  r.delete('/vinted/auth/session', {
    schema: { tags, summary: 'Forget the saved Vinted session', response: { 200: z.object({ ok: z.literal(true), deleted: z.boolean() }) } },
  }, async () => {
    // Forms still open carry the old cookies: close them with the session.
    await v.deps.pool.releaseAll();
    return v.auth.delete();
  });

  r.get('/vinted/auth/check', {
    schema: { tags, summary: "Is the saved session logged in? (asks Vinted's current-user endpoint)", response: { 200: AuthCheckSchema, 429: E } },
  }, async () => v.auth.check());

  r.post('/vinted/photos/upload', {
    schema: {
      tags, summary: 'Stage a photo (JPEG, PNG or WebP) for an ad-hoc prepare',
      description: 'multipart/form-data with one file (a second is refused, 413 `too_many_files`; a damaged or truncated image 422 `invalid_image`). Answers a temp id to list in `photos` of POST /vinted/listings/prepare. Nothing is sent to Vinted until a prepare.',
      consumes: ['multipart/form-data'], response: { 200: StagedPhotoSchema, 400: E, 413: E, 415: E, 422: E },
    },
  }, async (req) => {
    if (!req.isMultipart()) throw new AppError(415, 'unsupported_media_type', 'Expected multipart/form-data with one photo');
    // The whole form is read: a second file is refused (413 too_many_files) rather than silently dropped.
    let received: ReceivedPhoto | undefined;
    try {
      for await (const part of req.parts({ limits: { files: 2, fileSize: 15 * 1024 * 1024 } })) {
        if (part.type !== 'file') continue;
        if (received) {
          part.file.resume();
          throw new AppError(413, 'too_many_files', 'Send one photo per request', { max_files: 1 });
        }
        const file = part.file;
        received = await v.deps.photos.receive(file, () => file.truncated);
      }
    } catch (e) {
      if (received) await v.deps.photos.discard(received.tmp);
      throw e;
    }
    if (!received) throw badRequest('no_file', 'The form holds no file');
    const staged = await v.deps.photos.commit(received);
    return { ok: true as const, photo: { temp_id: staged.temp_id, url: `/vinted/photos/${staged.temp_id}`, sha256: staged.sha256, bytes: staged.bytes } };
  });

  r.get('/vinted/photos/:temp_id', {
    schema: { tags, summary: 'A staged photo (its bytes; 404 `photo_not_found` when unknown)', params: z.object({ temp_id: z.uuid() }) },
  }, async (req, reply) => {
    const s = await v.deps.photos.staged(req.params.temp_id);
    if (!s) throw new AppError(404, 'photo_not_found', 'No staged photo with this id');
    return reply.type(s.mime).header('cache-control', 'private, max-age=3600').send(fs.createReadStream(s.path));
  });

  // The later seed's singular paths (/vinted/listing/…) are the same routes.
  for (const path of ['/vinted/listings/prepare', '/vinted/listing/prepare']) r.post(path, {
    schema: {
      tags, summary: path.includes('/listing/') ? 'Alias of POST /vinted/listings/prepare' : 'Prepare a listing: fill the Vinted form in a browser and stop before publishing',
      description: 'Checks the item against Vinted limits and our gates first (`{ok:false, reason:"not_ready", missing_fields}`, 422, before any browser). Then fills the form and answers a screenshot, what the form holds, warnings, and a confirm token valid 30 minutes. A challenge answers `needs_manual` with the reason. Needs publication turned on in the settings.',
      body: PrepareSchema, response: flowResponses,
    },
  }, async (req, reply) => {
    const { dry_run, ...rest } = req.body;
    return sendFlow(req, reply, await v.publication.prepare(rest as PrepareInput, dry_run ?? true, 'api'));
  });

  for (const path of ['/vinted/listings/publish', '/vinted/listing/publish']) r.post(path, {
    schema: {
      tags, summary: path.includes('/listing/') ? 'Alias of POST /vinted/listings/publish' : 'Publish a prepared listing (continues the prepared form)',
      description: 'Dry run unless `dry_run: false`. The `Idempotency-Key` header makes retries safe: the first answer is stored and returned again; 409 while the first call runs. At most 5 publications a minute (429 + Retry-After).',
      body: PublishSchema, headers: z.object({ 'idempotency-key': z.string().optional() }), response: flowResponses,
    },
  }, async (req, reply) => sendFlow(req, reply, await v.publication.publish(req.body, idempotencyKey(req), 'api')));

  r.get('/vinted/listings', {
    schema: {
      tags, summary: 'The items listed on Vinted by this app (or linked by hand), most recent first',
      description: 'Each with its Vinted id and link, our price and the price Vinted shows; `price_pending` when a price changed here (a drop, an edit) '
        + 'and Vinted still shows the old one: the publish queue updates it when publication is on.',
      querystring: z.object({ status: z.enum(['draft', 'listed', 'sold', 'archived']).optional(), limit: z.coerce.number().int().min(1).max(1000).default(200) }),
      response: { 200: OnVintedSchema },
    },
  }, async (req) => {
    const rows = await v.deps.listings.onVinted(req.query.limit, req.query.status);
    const euros = (c: number | null | undefined) => (c === null || c === undefined ? null : c / 100);
    const listings = rows.map((i) => ({
      item_id: i.id, title: i.title, status: i.status, vinted_listing_id: i.vinted_listing_id!, url: i.vinted_url, price: euros(i.price_cents),
      vinted_price: euros(i.vinted_price_cents), price_pending: vintedPricePending(i), listed_at: i.listed_at,
    }));
    return { count: listings.length, pending_prices: listings.filter((l) => l.price_pending).length, listings };
  });

  r.post('/vinted/listings/:id/price', {
    schema: {
      tags, summary: "Put an item's new price on its Vinted listing (the listing's edit form)",
      description: 'For a listed item whose price changed here (`vinted.price_pending`): opens the listing\'s edit form with your session, types the '
        + 'price, and saves it unless `dry_run` (default true). Same gates as a publication (publication on, session, no stop or back-off, the hourly '
        + 'write budget, one write at a time); a challenge answers `needs_manual`. The publish queue does the same for every pending price.',
      params: z.object({ id: z.uuid() }), body: z.object({ dry_run: z.boolean().optional().describe('Default true') }).strict().optional(),
      response: flowResponses,
    },
  }, async (req, reply) => sendFlow(req, reply, await v.prices.update(req.params.id, req.body?.dry_run ?? true, 'api')));

  r.post('/vinted/listings/draft', {
    schema: {
      tags, summary: 'Save an item as a draft on Vinted (fills the form, clicks the save-draft button)',
      description: 'The safest path: the listing waits on Vinted for you to publish it yourself. Dry run (fill only) unless `dry_run: false`.',
      body: DraftSchema, headers: z.object({ 'idempotency-key': z.string().optional() }), response: flowResponses,
    },
  }, async (req, reply) => sendFlow(req, reply, await v.publication.saveDraft(req.body.draft_id, req.body.dry_run ?? true, idempotencyKey(req), 'api')));
}

function idempotencyKey(req: FastifyRequest): string | undefined {
  const k = req.headers['idempotency-key'];
  if (k === undefined) return undefined;
  if (typeof k !== 'string' || !IDEMPOTENCY_KEY_RE.test(k)) throw badRequest('invalid_idempotency_key', 'Idempotency-Key must be 1–200 characters of letters, digits and . _ : -');
  return k;
}

/** A flow's answer; a refusal carries the one error shape (with the request id) beside the seeds' own fields. */
function sendFlow(req: FastifyRequest, reply: FastifyReply, a: FlowAnswer) {
  const named = { account_id: accountScope.peek(), ...a.body };
  const body = a.body.error ? { ...named, error: { ...(a.body.error as object), request_id: req.id } } : named;
  return reply.code(a.status).send(body);
}
