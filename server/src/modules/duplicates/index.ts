// Duplicate detection: the same article twice in the active stock (draft, listed), by photo or by title. Owns the
// title index (`title_tokens`, `title_index_state`); needs `listings` (the stock) and `photos` (the stored photos'
// hashes); provides `duplicates`.
//
// Service API (`duplicates`, a DuplicatesService):
//   duplicates.findMatches({ itemId?, photoIds?, photos?: [{ sha256, phash, colour_signature }], sha256s?, phashes?,
//                                title?, brand?, size? })
//     → [{ item_id, reason: 'image' | 'title', score, evidence }], one per item (a photo match wins over a title match),
//       photo matches first, best first. Pass the intake's IngestedPhoto[] as `photos` (or their ids as `photoIds`).
//       The item `itemId` is left out; with only `itemId`, its stored photos and title are used.
//       A photo match says which check found it (evidence.check): `hash` (perceptual hash + colour layout), or, when
//       the hash finds nothing for the article, `lookalike` (garment embeddings, evidence.similarity ≥ 0.9xx: a copy
//       re-cropped, re-framed or re-lit). The look-alike check only knows photos whose embedding was remembered:
//   duplicates.rememberEmbeddings([{ photo_id, embedding, centre }]) stores the analyser's garment embeddings (whole
//       photo, and its centreWindow) of the current owner's photos (the ingest calls it for each photo it takes in, before checking); table photo_embeddings.
//   duplicates.useEmbedder(fn) — the analyser's embedding of a stored photo (from its preview), registered at start;
//   duplicates.embedLater(itemIds) embeds, after the request, the photos of those items that have no vectors (a
//     restore's items; every item.created is followed the same way: a CSV import, photos attached by id).
//   duplicates.findMatchesMany([query, …]) → one answer per query, in order: the same lookups for a batch (an
//     import), in one pass over the photo rows and the title index instead of a few queries per article.
//   duplicates.groups(limit) → the groups GET /duplicates lists.
// Flagging is the caller's: the ingest sets possible_duplicate / duplicate_of, prints the console line and emits
// duplicate.detected; this module only says what matches.
//
// Index upkeep. Look-alike vectors: one in-memory matrix of sketches per owner (128 bytes a view, projection fitted
// on clothing-train: lookalike-projection.ts), loaded on that owner's first check and topped up before each
// (lookalike-index.ts); a check scans its owner's sketches, then reads the full vectors of its best candidates only. Photos: their hash rows are written with the photo row (modules/photos, table photo_hash_bands), and
// photos never change; each process holds them in memory as a multi-index hash (photo-hash-index.ts), loaded at
// start-up and topped up before each lookup with the rows written since (by any process). Which items show a photo,
// and whether they are active, is asked of listings at lookup time.
// Titles: the token index holds active items only. It follows item.created / item.updated / item.deleted events (this
// process's writes, re-read from the database, a burst of them in one batch), is reconciled at start-up in the background (whatever changed while we were down; an item is stale only when its title or activeness changed, so a price drop leaves nothing to redo), and
// each lookup first catches up items changed in the last minutes that it has not seen (writes of another process, or
// a transaction that committed after its event). A deleted item's rows go by the foreign keys' cascade.
import type { FastifyInstance } from 'fastify';
import type { Platform } from '../../platform/platform.ts';
import type { ListingsService } from '../listings/index.ts';
import { defineModule } from '../../platform/modules/module.ts';
import type { PhotosService } from '../photos/index.ts';
import { DuplicateResolutions } from './duplicate-actions.ts';
import { DuplicatesRepository } from './duplicates.repository.ts';
import { duplicatesRoutes } from './duplicates.routes.ts';
import { DuplicatesService } from './duplicates.service.ts';
import { ownerScope } from '../../platform/security/owner-scope.ts';
import { duplicatesOwnerData } from './duplicates-owner-data.repository.ts';

export { type DuplicateGroup, type DuplicateMatch, type MatchQuery, DuplicatesService } from './duplicates.service.ts';
export { IMAGE_MATCH_MAX_HASH, IMAGE_MATCH_STEPS, imagesMatch } from './image-match.ts';
// The stored photo's second view for the look-alike check (the analyser embeds it beside the whole photo).
export { centreWindow, LOOKALIKE_MIN_SIMILARITY } from './lookalike-match.ts';
// The multi-index hash, for a batch compared with itself (the bulk import's near-duplicates, no window).
export { PhotoHashIndex } from './photo-hash-index.ts';
export { compareTitles, titleTokens } from './title-similarity.ts';

export const duplicatesModule = defineModule({
  name: 'duplicates',
  needs: ['listings', 'photos'],
  provides: ['duplicates'],
  create(platform: Platform, deps: { listings: ListingsService; photos: PhotosService }) {
    platform.ownerData.register(duplicatesOwnerData());
    const log = platform.log.child({ module: 'duplicates' });
    const duplicates = new DuplicatesService(new DuplicatesRepository(platform.db), deps, log, (n) => platform.metrics.duplicateChecks.inc(n));
    const reindex = (e: { data: { item_id: string } }) => void duplicates.enqueue(e.data.item_id).catch(() => {});
    // A new item's photos without look-alike vectors (attached by id: a CSV import, POST /listings) get them after.
    const embedLater = (e: { data: { item_id: string }; owner?: string }) => e.owner && ownerScope.run(e.owner, () => duplicates.embedLater([e.data.item_id]));
    const unsubscribe = [
      platform.events.on('item.created', reindex), platform.events.on('item.updated', reindex), platform.events.on('item.deleted', reindex),
      platform.events.on('item.created', embedLater),
    ];
    // The start-up pass runs once the app is built and listening, beside the requests (its progress in /health).
    const starting = setImmediate(() => void duplicates.reconcile());
    platform.background.track('title_index', () => duplicates.indexProgress);
    // Warm the in-memory hash index in the background, once photos stored without index rows have them.
    // System scope: the hash index holds every owner's photos; lookups map hits back through scoped reads.
    duplicates.warming = Promise.resolve(deps.photos.indexFilled).then(() => ownerScope.system(() => duplicates.hashes.ready()))
      .catch((err) => log.warn({ err }, 'photo hash index warm-up failed: the first lookup loads it'));
    return {
      services: { duplicates },
      routes: (app: FastifyInstance) => duplicatesRoutes(app, duplicates, new DuplicateResolutions(deps.listings)),
      stop: async () => {
        for (const off of unsubscribe) off();
        clearImmediate(starting);
        duplicates.stop();
        await duplicates.idle();
      },
    };
  },
});
