import type { Logger } from 'pino';
import type { ListingsService } from '../listings/index.ts';
import { ownerScope } from '../../platform/security/owner-scope.ts';
import type { DuplicatesRepository } from './duplicates.repository.ts';
import type { LookalikeCheck } from './lookalike-check.ts';
import { LOOKALIKE_MODEL } from './lookalike-match.ts';

// Look-alike vectors for photos that entered the stock without the intake's decode (a CSV import's photo URLs, a
// backup restore): the items are named after their rows are written, and their photos without vectors are embedded
// here, one photo at a time, after the request has answered, in the owner's scope it was queued from. The embedding
// itself is the analyser's (its module registers it: the duplicates module has no model), from the stored preview.

/** A stored photo's garment embeddings (whole photo, centre window), or null when the model cannot read it. */
export type StoredPhotoEmbedder = (photoId: string) => Promise<{ embedding: ArrayLike<number>; centre: ArrayLike<number> | null } | null>;

export class LookalikeBackfill {
  private embedder: StoredPhotoEmbedder | null = null;
  private readonly pending = new Map<string, Set<string>>();
  private running: Promise<void> | null = null;

  constructor(
    private readonly repo: DuplicatesRepository,
    private readonly listings: Pick<ListingsService, 'photoIdsOfItems'>,
    private readonly check: LookalikeCheck,
    private readonly log: Logger,
  ) {}

  use(embedder: StoredPhotoEmbedder): void {
    this.embedder = embedder;
  }

  /** Queues the photos of these items (the current owner's); returns at once. */
  queue(itemIds: string[]): void {
    const owner = ownerScope.current();
    if (!owner || itemIds.length === 0 || !this.embedder) return;
    const set = this.pending.get(owner) ?? this.pending.set(owner, new Set()).get(owner)!;
    for (const id of itemIds) set.add(id);
    this.running ??= new Promise<void>((resolve) => setImmediate(resolve)).then(() => this.drain()).finally(() => (this.running = null));
  }

  private async drain(): Promise<void> {
    for (;;) {
      const next = this.pending.entries().next();
      if (next.done) return;
      const [owner, items] = next.value;
      this.pending.delete(owner);
      await ownerScope.run(owner, () => this.embedItems([...items])).catch((err) => this.log.warn({ err, items: items.size }, 'look-alike vectors of imported photos failed: only the hash check sees them'));
    }
  }

  private async embedItems(itemIds: string[]): Promise<void> {
    const photoIds = await this.listings.photoIdsOfItems(itemIds);
    if (photoIds.length === 0) return;
    const known = new Set<string>();
    for (let i = 0; i < photoIds.length; i += 500) {
      for (const r of await this.repo.embeddingVectors(LOOKALIKE_MODEL, photoIds.slice(i, i + 500))) known.add(r.photo_id);
    }
    for (const id of photoIds) {
      if (known.has(id) || !this.embedder) continue;
      const e = await this.embedder(id).catch(() => null);
      if (e) await this.check.remember([{ photo_id: id, embedding: e.embedding, centre: e.centre }]);
    }
  }

  /** Settles the queued work (teardown, tests). */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }
}
