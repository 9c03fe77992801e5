// The seller's memory: what they confirmed (category, colour, brand of an item they saved, published or sold),
// remembered per photo as a compact vector (memory-vector.ts) and the garment's measured colour in the
// seller_memory table, and in an in-memory search per owner (memory-index.ts) loaded from it at the owner's first
// use. The offline analyser consults it (memory-vote.ts for the category, colour-vote.ts for the colour).
// Whose memory: the owner of the current work (ownerScope), so one person's confirmations never name another's
// photos. Several processes (API and workers) each hold a search: every write raises the owner's version in the
// database, and a process whose search is older than the stored version reloads it (checked at most each second).
// Remembering recomputes each photo's vector from its stored preview: the intake's decode is gone by the time a
// seller confirms, and the backbone costs ~20 ms a photo, run one item at a time in the background.
import type { Logger } from 'pino';
import { newId, nowIso } from '../../../platform/time.ts';
import type { ListingsService } from '../../listings/index.ts';
import { OwnerScopeMissingError } from '../../../platform/security/owner-scope-plugin.ts';
import { ownerScope } from '../../../platform/security/owner-scope.ts';
import { dominantColours, garmentLab, type Lab, type PhotosService } from '../../photos/index.ts';
import { classifyGarment, loadClassifier, photoOutputs } from '../vision/classifier/garment-classifier.ts';
import { decodeForAnalysis } from '../vision/decode-for-analysis.ts';
import { detectLabelCloseUp } from '../vision/labels/label-detector.ts';
import { MEMORY_MAX_ROWS, type MemoryEntry, MemoryIndex } from './memory-index.ts';
import { decodeVector, encodeVector, MEMORY_SPACE, memoryVector } from './memory-vector.ts';
import { type ColourVerdict, voteColour } from './colour-vote.ts';
import { type BlendedScores, consultCategory, MEMORY_VOTE, outcomeOf, type Scored, trustOf } from './memory-vote.ts';
import type { SellerMemoryRepository } from './seller-memory.repository.ts';
import type { SellerMemoryTable } from './seller-memory.tables.ts';

/** At most this many photos of one item are remembered: the first ones are the garment's own views. */
const PHOTOS_PER_ITEM = 6;

export type ConfirmedBy = 'seller' | 'published' | 'sold';

export interface MemorySummary {
  photos: number;
  items: number;
  categories: { category: string; photos: number }[];
  /** How far the memory is followed (memory-vote.ts trustOf) and the record it comes from. */
  trust: number;
  record: { memory_won: number; generic_won: number };
}

export interface SellerMemoryDeps {
  repo: SellerMemoryRepository;
  listings: Pick<ListingsService, 'get'>;
  photos: Pick<PhotosService, 'file'>;
  log: Logger;
  /** Clock of the version check (tests move it). */
  now?: () => number;
}

/** How long a process trusts its search before asking the database whether another process changed it. */
export const VERSION_CHECK_MS = 1000;

interface OwnerMemory {
  index: MemoryIndex;
  /** The stored version the index reflects (-1: not loaded). */
  version: number;
  checkedAt: number;
  loading: Promise<void> | null;
}

const labText = (lab: Lab | null) => (lab ? lab.join(' ') : null);
const entryOf = (r: SellerMemoryTable): MemoryEntry => ({
  id: r.id, category: r.category, colour: r.colour, seenColour: r.seen_colour, lab: labOf(r.colour_lab), brand: r.brand,
  won: { memoryWon: Number(r.memory_won), genericWon: Number(r.generic_won) },
});
const labOf = (s: string | null): Lab | null => {
  const v = s?.split(' ').map(Number);
  return v?.length === 3 && v.every(Number.isFinite) ? (v as Lab) : null;
};

export class SellerMemoryService {
  private readonly owners = new Map<string, OwnerMemory>();
  /** Background remembering, one item at a time (CPU-bound), in the order confirmations came. */
  private queue: Promise<void> = Promise.resolve();
  private readonly now: () => number;

  constructor(private readonly d: SellerMemoryDeps) {
    this.now = d.now ?? Date.now;
  }

  private owner(): string {
    const owner = ownerScope.current();
    if (!owner) throw new OwnerScopeMissingError('seller_memory');
    return owner;
  }

  private memoryOf(owner: string): OwnerMemory {
    let m = this.owners.get(owner);
    if (!m) this.owners.set(owner, (m = { index: new MemoryIndex(), version: -1, checkedAt: -Infinity, loading: null }));
    return m;
  }

  /**
   * Makes the current owner's search current: loaded from the table at first use (newest MEMORY_MAX_ROWS rows of
   * the current vector space), reloaded when another process changed the memory since (version check at most
   * each VERSION_CHECK_MS). Call before consult() and colourFor().
   */
  ready(): Promise<void> {
    const owner = this.owner();
    const m = this.memoryOf(owner);
    if (m.version >= 0 && this.now() - m.checkedAt < VERSION_CHECK_MS) return Promise.resolve();
    m.loading ??= (async () => {
      const stored = await this.d.repo.version(owner);
      m.checkedAt = this.now();
      if (stored === m.version) return;
      const rows = await this.d.repo.newest(owner, MEMORY_SPACE, MEMORY_MAX_ROWS);
      const index = new MemoryIndex();
      for (const r of rows.reverse()) {
        const v = decodeVector(r.vector);
        if (v) index.add({ ...entryOf(r), itemId: r.item_id }, v);
      }
      // A reload keeps the cells already learnt (the k-means is the slow part of a load).
      index.reindexLike(m.index);
      m.index = index;
      m.version = stored;
    })().finally(() => { m.loading = null; });
    return m.loading;
  }

  /** Photos in the current owner's search (0 outside an owner's work or before ready()). */
  get size(): number {
    const owner = ownerScope.current();
    return owner ? (this.owners.get(owner)?.index.size ?? 0) : 0;
  }

  /** The classifier's scores for one photo blended with the memory (call ready() first; empty memory: unchanged). */
  consult(vector: Float32Array, generic: readonly Scored[]): BlendedScores {
    return consultCategory(this.memoryOf(this.owner()).index, vector, generic);
  }

  /** The colour for a garment the pixels call `seen`, measured at `lab`, after the seller's confirmations (colour-vote.ts). */
  colourFor(seen: string, lab: Lab | null): ColourVerdict {
    return voteColour(seen, lab, this.memoryOf(this.owner()).index);
  }

  /** The memory vector of a photo's backbone outputs (the analyser has them memoised from classifying). */
  async vectorOf(outputs: readonly Float32Array[]): Promise<Float32Array> {
    const { head } = await loadClassifier();
    return memoryVector(outputs, head);
  }

  /** Queues remembering an item's confirmed labels; `settled()` resolves once the queue is empty. */
  confirm(itemId: string, by: ConfirmedBy): Promise<number> {
    // The owner is the one whose work confirmed the item, whatever runs the queue when its turn comes.
    const owner = ownerScope.current();
    const run = this.queue.then(() => {
      if (!owner) throw new OwnerScopeMissingError('seller_memory');
      return ownerScope.run(owner, () => this.remember(itemId, by));
    });
    this.queue = run.then(() => {}, (err: unknown) => this.d.log.warn({ err: err instanceof Error ? err.message : String(err), item_id: itemId }, 'seller memory: item not remembered'));
    return run;
  }

  settled(): Promise<void> {
    return this.queue;
  }

  /** Remembers the item's photos with its current labels, replacing what was remembered of it. */
  async remember(itemId: string, by: ConfirmedBy): Promise<number> {
    const owner = this.owner();
    await this.ready();
    const item = await this.d.listings.get(itemId);
    const labels = { category: item.category, colour: item.colors[0] ?? null, brand: item.brand };
    if (!labels.category && !labels.colour && !labels.brand) return 0;
    const { head } = await loadClassifier();
    const rows: SellerMemoryTable[] = [];
    const vectors: Float32Array[] = [];
    const m = this.memoryOf(owner);
    // The record is asked of the memory without this item's earlier rows (its own photos would always agree).
    const others = (v: Float32Array) => m.index.nearest(v, MEMORY_VOTE.k + PHOTOS_PER_ITEM).filter((n) => n.entry.itemId !== itemId).slice(0, MEMORY_VOTE.k);
    for (const photo of item.photos.slice(0, PHOTOS_PER_ITEM)) {
      const file = await this.d.photos.file(photo.id, 'preview').catch(() => null);
      if (!file) continue;
      const decoded = await decodeForAnalysis(file.path);
      // A label close-up says nothing of the garment's shape or colour (the analyser skips them too).
      if (detectLabelCloseUp(decoded).is_label) continue;
      const vector = memoryVector(await photoOutputs(decoded), head);
      vectors.push(vector);
      const colours = dominantColours(decoded);
      const won = outcomeOf(labels.category, (await classifyGarment(decoded)).top3, m.index.size ? others(vector) : []);
      rows.push({
        id: newId(), owner, item_id: itemId, photo_id: photo.id, space: MEMORY_SPACE, vector: encodeVector(vector),
        category: labels.category, colour: labels.colour, seen_colour: colours.primary, colour_lab: labText(garmentLab(colours)), brand: labels.brand,
        memory_won: won.memoryWon, generic_won: won.genericWon, confirmed_by: by, created_at: nowIso(),
      });
    }
    const version = await this.d.repo.replaceItem(owner, itemId, rows);
    m.index.remove((e) => e.itemId === itemId);
    rows.forEach((r, i) => m.index.add({ ...entryOf(r), itemId }, vectors[i]));
    // Our own write is the next version; a larger jump means another process wrote too: reload at the next use.
    this.settleVersion(m, version);
    return rows.length;
  }

  private settleVersion(m: OwnerMemory, written: number): void {
    if (m.version >= 0 && written === m.version + 1) m.version = written;
    else m.checkedAt = -Infinity;
  }

  async summary(): Promise<MemorySummary> {
    const owner = this.owner();
    const counts = await this.d.repo.countsByCategory(owner);
    // The search's own record, so the page shows the trust the analyser applies. ready() is the load the first
    // analysis does anyway, once per process; later calls only check the version.
    await this.ready();
    const record = this.memoryOf(owner).index.record;
    const round = (x: number) => Math.round(x * 100) / 100;
    return {
      trust: round(trustOf(record)),
      record: { memory_won: round(record.memoryWon), generic_won: round(record.genericWon) },
      photos: counts.reduce((s, c) => s + c.n, 0),
      items: await this.d.repo.countItems(owner),
      categories: counts.filter((c) => c.category).map((c) => ({ category: c.category!, photos: c.n })).sort((a, b) => b.photos - a.photos),
    };
  }

  /** Forgets everything this seller confirmed (settings' reset). Waits for remembering in progress first. */
  async forgetAll(): Promise<number> {
    const owner = this.owner();
    await this.settled();
    const { forgotten, version } = await this.d.repo.forgetAll(owner);
    const m = this.memoryOf(owner);
    m.index.clear();
    this.settleVersion(m, version);
    return forgotten;
  }
}
