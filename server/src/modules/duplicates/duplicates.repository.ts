import type { Kysely } from 'kysely';
import type { Database } from '../../platform/db/schema.ts';
import type { DuplicatesDatabase } from './duplicates.tables.ts';

// SQL of the title index (title_tokens, title_index_state), the only tables this module owns. The stock itself (items,
// their photos) is read through the listings service, the stored photos' hashes through the photos service.

/** Runs a lookup over `values` in slices: an IN list stays well under both databases' bound-parameter limits. */
export async function inChunks<T, R>(values: T[], fn: (chunk: T[]) => Promise<R[]>, size = 500): Promise<R[]> {
  const out: R[] = [];
  for (let i = 0; i < values.length; i += size) out.push(...(await fn(values.slice(i, i + size))));
  return out;
}

/** An item as the title index keeps it. */
export interface IndexableItem { id: string; title: string; updated_at: string }

export class DuplicatesRepository {
  private readonly db: Kysely<DuplicatesDatabase>;

  constructor(db: Kysely<Database>) {
    this.db = db as unknown as Kysely<DuplicatesDatabase>;
  }

  /** Every posting (item) of these title keys: a batch lookup counts shared keys per row itself. */
  async titlePostings(tokens: string[]): Promise<{ token: string; item_id: string }[]> {
    if (tokens.length === 0) return [];
    return this.db.selectFrom('title_tokens').select(['token', 'item_id']).where('token', 'in', tokens).execute();
  }

  /** Items having at least `minShared` of the keys (word pairs, see titleKeys), most shared first. */
  async titleCandidates(tokens: string[], minShared: number, limit: number, exclude?: string): Promise<{ item_id: string; shared: number }[]> {
    if (tokens.length === 0) return [];
    let q = this.db.selectFrom('title_tokens').select((eb) => ['item_id', eb.fn.countAll<number>().as('shared')])
      .where('token', 'in', tokens);
    if (exclude) q = q.where('item_id', '!=', exclude);
    const rows = await q.groupBy('item_id').having((eb) => eb.fn.countAll(), '>=', minShared)
      .orderBy('shared', 'desc').orderBy('item_id').limit(limit).execute();
    return rows.map((r) => ({ item_id: r.item_id, shared: Number(r.shared) }));
  }

  // ---- keeping the title index in step with the items ----

  /** The item version (its updated_at) the index holds for each of these items that it indexes. */
  async indexedVersions(ids: string[]): Promise<Map<string, string>> {
    if (ids.length === 0) return new Map();
    const rows = await this.db.selectFrom('title_index_state').select(['item_id', 'item_updated_at']).where('item_id', 'in', ids).execute();
    return new Map(rows.map((r) => [r.item_id, r.item_updated_at]));
  }

  /**
   * Replaces the index rows of the items `ids` by those of `active` (the ones among them still draft or listed, as just
   * read), in one transaction: the items not in `active` leave the index.
   */
  async writeTokens(ids: string[], active: IndexableItem[], tokenize: (title: string) => string[]): Promise<void> {
    await this.db.transaction().execute(async (t) => {
      await t.deleteFrom('title_tokens').where('item_id', 'in', ids).execute();
      await t.deleteFrom('title_index_state').where('item_id', 'in', ids).execute();
      const tokenRows = active.flatMap((i) => tokenize(i.title).map((token) => ({ token, item_id: i.id })));
      for (let k = 0; k < tokenRows.length; k += 1000) await t.insertInto('title_tokens').values(tokenRows.slice(k, k + 1000)).execute();
      if (active.length) {
        await t.insertInto('title_index_state').values(active.map((i) => ({ item_id: i.id, item_updated_at: i.updated_at, token_count: tokenize(i.title).length }))).execute();
      }
    });
  }
}
