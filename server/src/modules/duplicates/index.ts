// Duplicate detection: the same article twice in the active stock (draft, listed), by photo or by title.
//
// Service API (`ctx.duplicates`, a DuplicatesService):
//   ctx.duplicates.findMatches({ itemId?, photoIds?, photos?: [{ sha256, phash, colour_signature }], sha256s?, phashes?,
//                                title?, brand?, size? })
//     → [{ item_id, reason: 'image' | 'title', score, evidence }], one per item (a photo match wins over a title match),
//       photo matches first, best first. Pass the intake's IngestedPhoto[] as `photos` (or their ids as `photoIds`).
//       The item `itemId` is left out; with only `itemId`, its stored photos and title are used.
//   ctx.duplicates.findMatchesMany([query, …]) → one answer per query, in order: the same lookups for a batch (an
//     import), in one pass over the photo rows and the title index instead of a few queries per article.
//   ctx.duplicates.groups(limit) → the groups GET /duplicates lists.
// Flagging is the caller's: the ingest sets possible_duplicate / duplicate_of, prints the console line and emits
// duplicate.detected; this module only says what matches.
//
// Index upkeep. Photos: their hash rows are written with the photo row (modules/photos, table photo_hash_bands), and
// photos never change; each process holds them in memory as a multi-index hash (photo-hash-index.ts), loaded at
// start-up and topped up before each lookup with the rows written since (by any process). Which items show a photo,
// and whether they are active, is read from the database at lookup time.
// Titles: the token index holds active items only. It follows item.created / item.updated / item.deleted events (this
// process's writes, re-read from the database, a burst of them in one batch), is reconciled at start-up (whatever changed while we were down), and
// each lookup first catches up items changed in the last minutes that it has not seen (writes of another process, or
// a transaction that committed after its event). A deleted item's rows go by the foreign keys' cascade.
import type { AppContext } from '../../context.ts';
import type { AppModule } from '../module.ts';
import { DuplicatesRepository } from './duplicates.repository.ts';
import { duplicatesRoutes } from './duplicates.routes.ts';
import { DuplicatesService } from './duplicates.service.ts';

export { type DuplicateGroup, type DuplicateMatch, type MatchQuery, DuplicatesService } from './duplicates.service.ts';
export { IMAGE_MATCH_STEPS, imagesMatch } from './image-match.ts';
export { compareTitles, titleTokens } from './title-similarity.ts';

declare module '../../context.ts' {
  interface AppContext {
    duplicates: DuplicatesService;
  }
}

const unsubscribers = new WeakMap<object, (() => void)[]>();

export const duplicatesModule: AppModule = {
  name: 'duplicates',
  setup(ctx: AppContext) {
    const service = new DuplicatesService(new DuplicatesRepository(ctx.db), ctx.log.child({ module: 'duplicates' }));
    ctx.duplicates = service;
    const reindex = (e: { data: { item_id: string } }) => void service.enqueue(e.data.item_id).catch(() => {});
    unsubscribers.set(ctx, [ctx.events.on('item.created', reindex), ctx.events.on('item.updated', reindex), ctx.events.on('item.deleted', reindex)]);
    void service.reconcile();
    // Warm the in-memory hash index in the background, once photos stored without index rows have them.
    service.warming = Promise.resolve(ctx.photos?.indexFilled).then(() => service.hashes.ready())
      .catch((err) => ctx.log.warn({ err }, 'photo hash index warm-up failed: the first lookup loads it'));
  },
  routes: duplicatesRoutes,
  async teardown(ctx) {
    for (const off of unsubscribers.get(ctx) ?? []) off();
    await ctx.duplicates?.idle();
  },
};
