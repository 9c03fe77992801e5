// Row types of the title index (migration 0002-photos-duplicates), beside the module that keeps it.
export interface TitleTokensTable {
  token: string;
  item_id: string;
}

export interface TitleIndexStateTable {
  item_id: string;
  /** The item's updated_at when its tokens were written: a different value means the tokens are stale. */
  item_updated_at: string;
  token_count: number;
  /** The title the tokens were made of (migration 0014): an item is stale when its title differs, whatever else changed. */
  indexed_title: string | null;
}

/** One stored photo's look-alike vector (migration 0025): its garment embedding, one signed byte per feature. */
export interface PhotoEmbeddingsTable {
  photo_id: string;
  /** Set by the owner scope (platform/security/owner-scope-plugin.ts) on insert, added to every read. */
  owner_id?: string;
  /** Which embedding this is (LOOKALIKE_MODEL): a vector of another model is never compared. */
  model: string;
  /** base64 of the Int8 vector of the whole photo (lookalike-vector.ts). */
  vector: string;
  /** The same of its centre window (lookalike-match.ts), what a re-cropped copy shows; null when not computed. */
  centre_vector: string | null;
  /** The first stage's sketch of `vector` (migration 0029, lookalike-projection.ts): base64 of a float32 scale and 128 signed bytes. */
  sketch: string | null;
  centre_sketch: string | null;
  /** Which projection made the sketches (its file's short hash): another one's are made again at load. */
  projection: string | null;
  created_at: string;
}

export interface DuplicatesDatabase {
  title_tokens: TitleTokensTable;
  title_index_state: TitleIndexStateTable;
  photo_embeddings: PhotoEmbeddingsTable;
}
