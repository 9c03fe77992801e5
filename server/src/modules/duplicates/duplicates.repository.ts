import { type Kysely, sql } from 'kysely';
import type { Database } from '../../platform/db/schema.ts';
import type { DuplicatesDatabase } from './duplicates.tables.ts';

// SQL of the title index (title_tokens, title_index_state) and of the look-alike vectors (photo_embeddings), the only
// tables this module owns. The stock itself (items,
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

  /**
   * The postings of each key, the most recent `cap` + 1 items at most (item ids are time-ordered): a key holding
   * more is common (a brand's own words, "jean|levis"), and its rest is not read. One statement per slice of keys,
   * each key a bounded walk of the (token, item_id) primary key.
   */
  async recentPostings(tokens: string[], cap: number): Promise<{ token: string; item_id: string }[]> {
    // 200 keys a statement: under SQLite's 500 terms of a compound select, and 400 bound values.
    return inChunks(tokens, async (chunk) => {
      const parts = chunk.map((t, i) => sql`select * from (select token, item_id from title_tokens where token = ${t} order by item_id desc limit ${cap + 1}) as ${sql.raw(`p${i}`)}`);
      return (await sql<{ token: string; item_id: string }>`${sql.join(parts, sql` union all `)}`.execute(this.db)).rows;
    }, 200);
  }

  // ---- keeping the title index in step with the items ----

  /** The title the index holds for each of these items that it indexes (null: indexed before titles were kept). */
  async indexedTitles(ids: string[]): Promise<Map<string, string | null>> {
    if (ids.length === 0) return new Map();
    const rows = await this.db.selectFrom('title_index_state').select(['item_id', 'indexed_title']).where('item_id', 'in', ids).execute();
    return new Map(rows.map((r) => [r.item_id, r.indexed_title]));
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
        await t.insertInto('title_index_state').values(active.map((i) => ({ item_id: i.id, item_updated_at: i.updated_at, token_count: tokenize(i.title).length, indexed_title: i.title }))).execute();
      }
    });
  }

  // ---- the look-alike vectors (photo_embeddings; every statement is the current owner's, by the owner scope) ----

  /** Stores vectors of photos that have none yet (a photo's vector never changes: a second write is a no-op). */
  async writeEmbeddings(rows: { photo_id: string; vector: string; centre_vector: string | null; sketch: string | null; centre_sketch: string | null; projection: string | null }[], model: string, now: string): Promise<void> {
    for (let i = 0; i < rows.length; i += 200) {
      await this.db.insertInto('photo_embeddings').values(rows.slice(i, i + 200).map((r) => ({ ...r, model, created_at: now })))
        .onConflict((oc) => oc.column('photo_id').doNothing()).execute();
    }
  }

  /**
   * The current owner's vectors of `model` written after the cursor (created_at, then photo_id), oldest first, `limit`
   * at most: the first load pages through them all, each lookup then reads only the ones written since.
   */
  async embeddingsAfter(model: string, after: { created_at: string; photo_id: string }, limit: number): Promise<{ photo_id: string; sketch: string | null; centre_sketch: string | null; projection: string | null; created_at: string }[]> {
    return this.db.selectFrom('photo_embeddings').select(['photo_id', 'sketch', 'centre_sketch', 'projection', 'created_at'])
      .where('model', '=', model)
      .where((eb) => eb.or([eb('created_at', '>', after.created_at), eb.and([eb('created_at', '=', after.created_at), eb('photo_id', '>', after.photo_id)])]))
      .orderBy('created_at').orderBy('photo_id').limit(limit).execute();
  }

  /** The full vectors of these photos of `model` (the second stage's candidates, at most a few hundred). */
  async embeddingVectors(model: string, photoIds: string[]): Promise<{ photo_id: string; vector: string; centre_vector: string | null }[]> {
    if (photoIds.length === 0) return [];
    return this.db.selectFrom('photo_embeddings').select(['photo_id', 'vector', 'centre_vector']).where('model', '=', model).where('photo_id', 'in', photoIds).execute();
  }

  /** Sketches made at load for rows stored without one of this projection (written once, then read ready). */
  async writeSketches(rows: { photo_id: string; sketch: string; centre_sketch: string | null }[], projection: string): Promise<void> {
    if (rows.length === 0) return;
    await this.db.transaction().execute(async (t) => {
      for (const r of rows) await t.updateTable('photo_embeddings').set({ sketch: r.sketch, centre_sketch: r.centre_sketch, projection }).where('photo_id', '=', r.photo_id).execute();
    });
  }
}
