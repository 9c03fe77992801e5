// The seller's memory: what they confirmed (category, colour, brand of an item they saved, published or sold),
// remembered per photo as a compact vector (memory-vector.ts) in the seller_memory table and in an in-memory
// search (memory-index.ts) loaded from it at the first use. The offline analyser consults it (memory-vote.ts).
// Remembering recomputes each photo's vector from its stored preview: the intake's decode is gone by the time a
// seller confirms, and the backbone costs ~20 ms a photo, run one item at a time in the background.
import type { Logger } from 'pino';
import { newId, nowIso } from '../../../platform/time.ts';
import type { ListingsService } from '../../listings/index.ts';
import { dominantColours, type PhotosService } from '../../photos/index.ts';
import { loadClassifier, photoOutputs } from '../vision/classifier/garment-classifier.ts';
import { decodeForAnalysis } from '../vision/decode-for-analysis.ts';
import { detectLabelCloseUp } from '../vision/labels/label-detector.ts';
import { MEMORY_MAX_ROWS, MemoryIndex } from './memory-index.ts';
import { decodeVector, encodeVector, MEMORY_SPACE, memoryVector } from './memory-vector.ts';
import { type BlendedScores, type ColourCorrection, consultCategory, correctColour, type Scored } from './memory-vote.ts';
import type { SellerMemoryRepository } from './seller-memory.repository.ts';
import type { SellerMemoryTable } from './seller-memory.tables.ts';

/** At most this many photos of one item are remembered: the first ones are the garment's own views. */
const PHOTOS_PER_ITEM = 6;

export type ConfirmedBy = 'seller' | 'published' | 'sold';

export interface MemorySummary { photos: number; items: number; categories: { category: string; photos: number }[] }

export interface SellerMemoryDeps {
  repo: SellerMemoryRepository;
  listings: Pick<ListingsService, 'get'>;
  photos: Pick<PhotosService, 'file'>;
  log: Logger;
  /** Whose memory (one seller until accounts exist). */
  owner?: string;
}

export class SellerMemoryService {
  private readonly index = new MemoryIndex();
  private loaded: Promise<void> | null = null;
  /** Background remembering, one item at a time (CPU-bound), in the order confirmations came. */
  private queue: Promise<void> = Promise.resolve();
  private readonly owner: string;

  constructor(private readonly d: SellerMemoryDeps) {
    this.owner = d.owner ?? 'local';
  }

  /** Loads the search from the table once (newest MEMORY_MAX_ROWS rows of the current vector space). */
  ready(): Promise<void> {
    this.loaded ??= (async () => {
      const rows = await this.d.repo.newest(this.owner, MEMORY_SPACE, MEMORY_MAX_ROWS);
      for (const r of rows.reverse()) {
        const v = decodeVector(r.vector);
        if (v) this.index.add({ id: r.id, category: r.category, colour: r.colour, seenColour: r.seen_colour, brand: r.brand, itemId: r.item_id }, v);
      }
    })().catch((err: unknown) => { this.loaded = null; throw err; });
    return this.loaded;
  }

  get size(): number { return this.index.size; }

  /** The classifier's scores for one photo blended with the memory (call ready() first; empty memory: unchanged). */
  consult(vector: Float32Array, generic: readonly Scored[]): BlendedScores {
    return consultCategory(this.index, vector, generic);
  }

  colourFor(seen: string): ColourCorrection | null {
    return correctColour(this.index, seen);
  }

  /** The memory vector of a photo's backbone outputs (the analyser has them memoised from classifying). */
  async vectorOf(outputs: readonly Float32Array[]): Promise<Float32Array> {
    const { head } = await loadClassifier();
    return memoryVector(outputs, head);
  }

  /** Queues remembering an item's confirmed labels; `settled()` resolves once the queue is empty. */
  confirm(itemId: string, by: ConfirmedBy): Promise<number> {
    const run = this.queue.then(() => this.remember(itemId, by));
    this.queue = run.then(() => {}, (err: unknown) => this.d.log.warn({ err: err instanceof Error ? err.message : String(err), item_id: itemId }, 'seller memory: item not remembered'));
    return run;
  }

  settled(): Promise<void> {
    return this.queue;
  }

  /** Remembers the item's photos with its current labels, replacing what was remembered of it. */
  async remember(itemId: string, by: ConfirmedBy): Promise<number> {
    await this.ready();
    const item = await this.d.listings.get(itemId);
    const labels = { category: item.category, colour: item.colors[0] ?? null, brand: item.brand };
    if (!labels.category && !labels.colour && !labels.brand) return 0;
    const { head } = await loadClassifier();
    const rows: SellerMemoryTable[] = [];
    const vectors: Float32Array[] = [];
    for (const photo of item.photos.slice(0, PHOTOS_PER_ITEM)) {
      const file = await this.d.photos.file(photo.id, 'preview').catch(() => null);
      if (!file) continue;
      const decoded = await decodeForAnalysis(file.path);
      // A label close-up says nothing of the garment's shape or colour (the analyser skips them too).
      if (detectLabelCloseUp(decoded).is_label) continue;
      const vector = memoryVector(await photoOutputs(decoded), head);
      vectors.push(vector);
      rows.push({
        id: newId(), owner: this.owner, item_id: itemId, photo_id: photo.id, space: MEMORY_SPACE, vector: encodeVector(vector),
        category: labels.category, colour: labels.colour, seen_colour: dominantColours(decoded).primary, brand: labels.brand,
        confirmed_by: by, created_at: nowIso(),
      });
    }
    await this.d.repo.replaceItem(this.owner, itemId, rows);
    this.index.remove((e) => e.itemId === itemId);
    rows.forEach((r, i) => this.index.add({ id: r.id, category: r.category, colour: r.colour, seenColour: r.seen_colour, brand: r.brand, itemId }, vectors[i]));
    return rows.length;
  }

  async summary(): Promise<MemorySummary> {
    const counts = await this.d.repo.countsByCategory(this.owner);
    return {
      photos: counts.reduce((s, c) => s + c.n, 0),
      items: await this.d.repo.countItems(this.owner),
      categories: counts.filter((c) => c.category).map((c) => ({ category: c.category!, photos: c.n })).sort((a, b) => b.photos - a.photos),
    };
  }

  /** Forgets everything this seller confirmed (settings' reset). Waits for remembering in progress first. */
  async forgetAll(): Promise<number> {
    await this.settled();
    const n = await this.d.repo.forgetAll(this.owner);
    this.index.clear();
    return n;
  }
}
