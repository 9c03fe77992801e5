import type { Logger } from 'pino';
import type { BackgroundProgress } from '../../platform/background.ts';
import type { ItemSummary, ItemVersion, ListingsService } from '../listings/index.ts';
import { colourDistance, PHASH_RE, type PhotosService } from '../photos/index.ts';
import { type DuplicatesRepository, inChunks } from './duplicates.repository.ts';
import { PhotoHashIndex } from './photo-hash-index.ts';
import { HASH_ONLY_MAX_DISTANCE, IMAGE_MATCH_MAX_HASH, imageScore, imagesMatch } from './image-match.ts';
import { LookalikeBackfill, type StoredPhotoEmbedder } from './lookalike-backfill.ts';
import { LookalikeCheck } from './lookalike-check.ts';
import { rankTitleCandidates, TITLE_KEY_CAP, titlePlan } from './title-candidates.ts';
import { type PreparedTitle, prepareTitle, type TitleSide, titleKeys } from './title-similarity.ts';
import { ownerScope } from '../../platform/security/owner-scope.ts';
import { type DuplicateGroup, type DuplicateMatch, type MatchQuery, mergeMatches, parseRefs, titleMatches } from './duplicate-matches.ts';

/** Duplicates are looked for among the active stock only: what is for sale or about to be. */
export const ACTIVE_STATUSES = ['draft', 'listed'] as const;
const isActive = (status: string) => (ACTIVE_STATUSES as readonly string[]).includes(status);

/** What the duplicate check reads of the other modules: the stock and its photos (listings), the stored photos' hashes (photos). */
export interface DuplicatesDeps {
  listings: Pick<ListingsService, 'itemsShowingPhotos' | 'photoIdsOf' | 'photoIdsOfItems' | 'summaries' | 'flaggedDuplicates' | 'coverPhotoIds' | 'versions'>;
  photos: Pick<PhotosService, 'idsBySha' | 'hashRowsAfter'>;
}

export type { DuplicateGroup, DuplicateMatch, MatchQuery } from './duplicate-matches.ts';

interface QueryPhoto { photoId?: string; sha256?: string; phash?: string; colourSig?: string }

/** Items written in the last minutes are re-checked before each lookup (another process, a late commit). */
const CATCH_UP_WINDOW_MS = 10 * 60 * 1000;

export class DuplicatesService {
  private ready: Promise<void> = Promise.resolve();
  private progress: BackgroundProgress | null = null;
  private stopping = false;
  /** The start-up load of the hash index (teardown waits for it). */
  warming: Promise<unknown> = Promise.resolve();
  private chain: Promise<unknown> = Promise.resolve();
  private readonly pending = new Set<string>();
  private flush: Promise<void> | null = null;

  readonly hashes: PhotoHashIndex;
  /** The check behind the hash: garment embeddings, one matrix per owner (lookalike-check.ts). */
  readonly lookalike: LookalikeCheck;
  /** Vectors for photos that came in without the intake's decode (imports, restores), after the request. */
  private readonly backfill: LookalikeBackfill;

  private readonly listings: DuplicatesDeps['listings'];
  private readonly photos: DuplicatesDeps['photos'];

  constructor(
    private readonly repo: DuplicatesRepository,
    deps: DuplicatesDeps,
    private readonly log: Logger,
    /** Counts the articles checked (the platform's /metrics `vintedbot_duplicate_checks_total`). */
    private readonly counted: (articles: number) => void = () => {},
  ) {
    this.listings = deps.listings;
    this.photos = deps.photos;
    this.hashes = new PhotoHashIndex({ rowsAfter: (after, limit) => this.photos.hashRowsAfter(after, limit) });
    this.lookalike = new LookalikeCheck(repo, this.listings, isActive);
    this.backfill = new LookalikeBackfill(repo, this.listings, this.lookalike, log);
  }

  /** These items as the answers show them, the active ones only when asked. */
  private async summaries(ids: string[], activeOnly: boolean): Promise<ItemSummary[]> {
    const rows = await this.listings.summaries(ids);
    return activeOnly ? rows.filter((r) => isActive(r.status)) : rows;
  }

  /** Finds the active items (draft, listed) this article duplicates, by photo and by title. */
  async findMatches(q: MatchQuery): Promise<DuplicateMatch[]> {
    this.counted(1);
    await Promise.all([this.catchUp(), this.hashes.catchUp()]);
    const [side] = await this.titleSides([q]);
    const [[byImage], byTitle] = await Promise.all([
      this.queryPhotos(q).then((photos) => this.matchPhotos([photos], [q.itemId])),
      side.title ? this.matchTitle(side as TitleSide, q.itemId) : Promise.resolve(new Map<string, DuplicateMatch>()),
    ]);
    return mergeMatches(byImage, byTitle);
  }

  /**
   * findMatches for many articles at once (an import): one catch-up, then one pass over the photo rows and the
   * title index for all of them, instead of a few queries per article. Answers in the order of `queries`. Rows of
   * the batch are not matched with each other (they are not in the stock yet).
   */
  async findMatchesMany(queries: MatchQuery[]): Promise<DuplicateMatch[][]> {
    if (queries.length === 0) return [];
    this.counted(queries.length);
    await Promise.all([this.catchUp(), this.hashes.catchUp()]);
    const excludes = queries.map((q) => q.itemId);
    const [sides, photos] = await Promise.all([this.titleSides(queries), Promise.all(queries.map((q) => this.queryPhotos(q)))]);
    const [byImage, byTitle] = await Promise.all([this.matchPhotos(photos, excludes), this.matchTitlesMany(sides, excludes)]);
    return queries.map((_, i) => mergeMatches(byImage[i], byTitle[i]));
  }

  /** Title, brand and size of each query; with only `itemId`, the item's own (one read for all of them). */
  private async titleSides(queries: MatchQuery[]): Promise<Partial<TitleSide>[]> {
    const need = queries.filter((q) => q.itemId && (q.title === undefined || q.brand === undefined || q.size === undefined)).map((q) => q.itemId!);
    const self = new Map((await inChunks([...new Set(need)], (ids) => this.summaries(ids, false))).map((r) => [r.id, r]));
    return queries.map((q) => {
      const s = q.itemId && (q.title === undefined || q.brand === undefined || q.size === undefined) ? self.get(q.itemId) : undefined;
      return { title: q.title ?? s?.title, brand: q.brand ?? s?.brand, size: q.size ?? s?.size };
    });
  }

  private async queryPhotos(q: MatchQuery): Promise<QueryPhoto[]> {
    const out: QueryPhoto[] = [];
    let ids = q.photoIds ?? [];
    const given = (q.photos?.length ?? 0) + (q.sha256s?.length ?? 0) + (q.phashes?.length ?? 0);
    if (q.itemId && ids.length === 0 && given === 0) ids = await this.listings.photoIdsOf(q.itemId);
    for (const id of ids) {
      const s = this.hashes.get(id);
      out.push({ photoId: id, phash: s?.phash, colourSig: s?.colour_sig });
    }
    for (const p of q.photos ?? []) out.push({ sha256: p.sha256 ?? undefined, phash: p.phash ?? undefined, colourSig: p.colour_signature ?? undefined });
    for (const s of q.sha256s ?? []) out.push({ sha256: s });
    for (const h of q.phashes ?? []) out.push({ phash: h });
    return out.map((p) => ({ ...p, phash: p.phash && PHASH_RE.test(p.phash) ? p.phash : undefined }));
  }

  /** Photo matches of each query: the hash check first, then, for a query it found nothing for, the look-alike check. */
  private async matchPhotos(queries: QueryPhoto[][], excludes: (string | undefined)[]): Promise<Map<string, DuplicateMatch>[]> {
    const byHash = await this.matchImages(queries, excludes);
    const byLook = await this.lookalike.match(queries.map((q, i) => (byHash[i].size ? [] : q).flatMap((p) => (p.photoId ? [p.photoId] : []))), excludes);
    return byHash.map((m, i) => (m.size ? m : byLook[i]));
  }

  /** Stores the look-alike vectors of the current owner's photos (see LookalikeCheck.remember). */
  rememberEmbeddings(rows: { photo_id: string; embedding: ArrayLike<number>; centre?: ArrayLike<number> | null }[]): Promise<void> {
    return this.lookalike.remember(rows);
  }

  /** How a stored photo is embedded for the look-alike check (the analyser registers it: this module has no model). */
  useEmbedder(embedder: StoredPhotoEmbedder): void {
    this.backfill.use(embedder);
  }

  /**
   * Gives the photos of these items (the current owner's) that have no look-alike vectors theirs, in the background:
   * an import's or a restore's items, whose photos never went through the intake's decode. Returns at once.
   */
  embedLater(itemIds: string[]): void {
    this.backfill.queue(itemIds);
  }

  /** Hash matches of each query: same bytes, or a near hash with a close colour layout, on an active item. */
  private async matchImages(queries: QueryPhoto[][], excludes: (string | undefined)[]): Promise<Map<string, DuplicateMatch>[]> {
    // Same bytes: the same photo row (content-addressed), whoever else shows it.
    const shas = [...new Set(queries.flat().flatMap((p) => (p.sha256 ? [p.sha256] : [])))];
    const bySha = new Map<string, string[]>();
    for (const r of await inChunks(shas, (c) => this.photos.idsBySha(c))) (bySha.get(r.sha256) ?? bySha.set(r.sha256, []).get(r.sha256)!).push(r.id);
    // Candidate photo → the best evidence for it, per query.
    const bests = queries.map((photos) => {
      const best = new Map<string, { score: number; evidence: DuplicateMatch['evidence'] }>();
      const consider = (photoId: string, score: number, evidence: DuplicateMatch['evidence']) => {
        const cur = best.get(photoId);
        if (!cur || score > cur.score) best.set(photoId, { score, evidence });
      };
      for (const p of photos) for (const id of (p.sha256 && bySha.get(p.sha256)) || []) consider(id, 1, { photo_id: id, matched_photo_id: id, check: 'hash', hash_distance: 0 });
      for (const p of photos) if (p.photoId) consider(p.photoId, 1, { photo_id: p.photoId, matched_photo_id: p.photoId, check: 'hash', hash_distance: 0 });

      // Near copies: the in-memory multi-index hash gives every photo within reach, then the colour layout decides.
      for (const p of photos) {
        if (!p.phash) continue;
        for (const h of this.hashes.near(p.phash, p.colourSig ? IMAGE_MATCH_MAX_HASH : HASH_ONLY_MAX_DISTANCE)) {
          const c = p.colourSig ? colourDistance(p.colourSig, h.colour_sig) : Infinity;
          if (p.colourSig && !imagesMatch(h.distance, c)) continue;
          consider(h.photo_id, h.photo_id === p.photoId ? 1 : imageScore(h.distance), {
            ...(p.photoId ? { photo_id: p.photoId } : {}), matched_photo_id: h.photo_id, check: 'hash', hash_distance: h.distance,
            ...(Number.isFinite(c) ? { colour_distance: Math.round(c * 10) / 10 } : {}),
          });
        }
      }
      return best;
    });

    // Which active items show the candidate photos: one read for every query.
    const owners = new Map<string, string[]>();
    const photoIds = [...new Set(bests.flatMap((b) => [...b.keys()]))];
    for (const { item_id, photo_id, status } of await inChunks(photoIds, (c) => this.listings.itemsShowingPhotos(c))) {
      if (!isActive(status)) continue;
      (owners.get(photo_id) ?? owners.set(photo_id, []).get(photo_id)!).push(item_id);
    }
    return bests.map((best, i) => {
      const out = new Map<string, DuplicateMatch>();
      for (const [photoId, b] of best) {
        for (const item_id of owners.get(photoId) ?? []) {
          if (item_id === excludes[i]) continue;
          const cur = out.get(item_id);
          if (!cur || b.score > cur.score) out.set(item_id, { item_id, reason: 'image', score: b.score, evidence: b.evidence });
        }
      }
      return out;
    });
  }

  private async matchTitle(q: TitleSide, exclude?: string): Promise<Map<string, DuplicateMatch>> {
    return (await this.matchTitlesMany([q], [exclude]))[0];
  }

  /**
   * Title matches of many queries: the postings of every key of every query in one pass (bounded per key, see
   * rankTitleCandidates), each candidate read and folded once, then compared word for word.
   */
  private async matchTitlesMany(sides: Partial<TitleSide>[], excludes: (string | undefined)[]): Promise<Map<string, DuplicateMatch>[]> {
    const plans = sides.map((s) => (s.title ? titlePlan(s.title) : null));
    const postings = new Map<string, string[]>();
    const keys = [...new Set(plans.flatMap((p) => p?.keys ?? []))];
    for (const r of await this.repo.recentPostings(keys, TITLE_KEY_CAP)) (postings.get(r.token) ?? postings.set(r.token, []).get(r.token)!).push(r.item_id);
    const ranked = plans.map((p, i) => (p ? rankTitleCandidates(p, postings, excludes[i]) : []));
    const items = new Map<string, { it: { id: string; title: string }; title: PreparedTitle }>();
    for (const it of await inChunks([...new Set(ranked.flat())], (c) => this.summaries(c, true))) items.set(it.id, { it, title: prepareTitle(it) });
    return sides.map((s, i) => (plans[i] ? titleMatches(prepareTitle(s as TitleSide), ranked[i].flatMap((id) => items.get(id) ?? []), excludes[i]) : new Map()));
  }

  /** Groups of active items linked by the intake's duplicate flags (`possible_duplicate`, `duplicate_of`). */
  async groups(limit = 200): Promise<DuplicateGroup[]> {
    const flagged = await this.listings.flaggedDuplicates(ACTIVE_STATUSES, limit);
    const edges = flagged.flatMap((f) => parseRefs(f.duplicate_of).map((r) => ({ from: f.id, to: r.item_id, reason: r.reason, score: r.score })));
    const items = new Map((await this.summaries([...new Set([...flagged.map((f) => f.id), ...edges.map((e) => e.to)])], true)).map((i) => [i.id, i]));
    const live = edges.filter((e) => items.has(e.from) && items.has(e.to) && e.from !== e.to);
    const parent = new Map<string, string>();
    const find = (x: string): string => {
      while (parent.has(x)) x = parent.get(x)!;
      return x;
    };
    for (const e of live) {
      const [a, b] = [find(e.from), find(e.to)];
      if (a !== b) parent.set(b, a);
    }
    const byRoot = new Map<string, { ids: Set<string>; matches: typeof live }>();
    for (const e of live) {
      const root = find(e.from);
      const g = byRoot.get(root) ?? { ids: new Set<string>(), matches: [] };
      g.ids.add(e.from).add(e.to);
      g.matches.push(e);
      byRoot.set(root, g);
    }
    const thumbs = await this.listings.coverPhotoIds([...new Set(live.flatMap((e) => [e.from, e.to]))]);
    return [...byRoot.values()].map((g) => ({
      items: [...g.ids].map((id) => {
        const it = items.get(id)!;
        const photo = thumbs.get(id);
        return {
          id, title: it.title, status: it.status, price: it.price_cents === null ? null : it.price_cents / 100,
          possible_duplicate: it.possible_duplicate === 1, created_at: it.created_at, thumb_url: photo ? `/photos/${photo}/thumb` : null,
        };
      }).sort((a, b) => a.created_at.localeCompare(b.created_at)),
      matches: g.matches.map((e) => ({ item_id: e.from, duplicate_of: e.to, reason: e.reason, score: e.score })),
    }));
  }

  // ---- the title index ----

  /**
   * Re-indexes an item soon after an event: the items of one burst (an import's thousand creates) are written in
   * batches of 500 on the next turn of the event loop, not in a transaction each.
   */
  enqueue(id: string): Promise<void> {
    this.pending.add(id);
    this.flush ??= new Promise<void>((resolve) => setImmediate(resolve)).then(async () => {
      this.flush = null;
      const ids = [...this.pending];
      this.pending.clear();
      for (let i = 0; i < ids.length; i += 500) await this.index(ids.slice(i, i + 500));
    });
    return this.flush;
  }

  /** Re-indexes items (after a create, edit, status change), one batch at a time across the process. */
  index(ids: string[]): Promise<void> {
    // System scope: the title index is derived data over every owner's items (one index, like the database's own);
    // a lookup reads its candidates back through the owner's scoped item reads, so no owner sees another's item.
    const run = this.chain.then(() => ownerScope.system(() => this.writeTokens(ids)));
    this.chain = run.catch((err) => this.log.warn({ err, items: ids.length }, 'could not index item titles'));
    return run;
  }

  /**
   * Reads the items, then writes their index rows. An item deleted between the two makes the write fail on its
   * foreign key: the items are then read again once, without it.
   */
  private async writeTokens(ids: string[]): Promise<void> {
    const write = async () => this.repo.writeTokens(ids, await this.summaries(ids, true), titleKeys);
    await write().catch(write);
  }

  /**
   * The items among these versions that the index holds wrongly: missing, of another title, or no longer active.
   * Other changes (a price drop) leave the index right, so they leave nothing to do at the next start.
   */
  private async stale(versions: ItemVersion[]): Promise<string[]> {
    const indexed = await this.repo.indexedTitles(versions.map((v) => v.id));
    return versions.filter((v) => (indexed.has(v.id) ? !isActive(v.status) || indexed.get(v.id) !== v.title : isActive(v.status))).map((v) => v.id);
  }

  /**
   * Re-indexes what the index holds wrongly among the items changed since `since` (all items when null), a page at a
   * time by keyset on (updated_at, id): each page starts where the last ended, never from the start again. With
   * `progress` (the start-up pass) it hands the event loop back between pages and stops when the module stops.
   */
  private async bringUpToDate(since: string | null, batch: number, progress?: BackgroundProgress): Promise<number> {
    let n = 0;
    let after: ItemVersion | null = null;
    for (;;) {
      const page = await this.listings.versions(since, after, batch);
      const ids = await this.stale(page);
      if (ids.length) await this.index(ids);
      n += ids.length;
      if (progress) {
        progress.checked += page.length;
        progress.updated += ids.length;
        await new Promise<void>((resolve) => setImmediate(resolve));
        if (this.stopping) return n;
      }
      if (page.length < batch) return n;
      after = page[page.length - 1];
    }
  }

  /** The start-up pass's progress (GET /health shows it), null before it starts. */
  get indexProgress(): BackgroundProgress | null {
    return this.progress;
  }

  /**
   * Brings the whole index in step (start-up, after a restore): missing, stale and no-longer-active items. It runs
   * beside the requests: lookups do not wait for it (each catches up the items changed in the last minutes, and
   * every write path re-indexes what it changes, so after a clean stop it finds nothing to do).
   */
  reconcile(batch = 500): Promise<void> {
    const progress: BackgroundProgress = { state: 'running', checked: 0, updated: 0, started_at: new Date().toISOString(), finished_at: null };
    this.progress = progress;
    this.ready = (async () => {
      // System scope: the start-up pass brings the shared title index up to date for every owner.
      const n = await ownerScope.system(() => this.bringUpToDate(null, batch, progress));
      progress.state = 'done';
      progress.finished_at = new Date().toISOString();
      if (n) this.log.info({ items: n }, 'title index brought up to date');
    })().catch((err) => {
      progress.state = 'failed';
      progress.finished_at = new Date().toISOString();
      this.log.warn({ err }, 'title index reconcile failed: lookups catch up item by item');
    });
    return this.ready;
  }

  /** Ends a running start-up pass at its next page (shutdown). */
  stop(): void {
    this.stopping = true;
  }

  /** Items changed in the last minutes that the index has not seen: written by another process, or committed late. */
  private async catchUp() {
    await ownerScope.system(() => this.bringUpToDate(new Date(Date.now() - CATCH_UP_WINDOW_MS).toISOString(), 500));
  }

  /** Settles pending index writes (teardown, tests). */
  async idle(): Promise<void> {
    await this.ready.catch(() => {});
    await this.warming.catch(() => {});
    await this.flush?.catch(() => {});
    await this.chain;
    await this.backfill.idle();
  }
}
