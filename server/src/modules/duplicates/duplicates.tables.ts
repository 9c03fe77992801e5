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

export interface DuplicatesDatabase {
  title_tokens: TitleTokensTable;
  title_index_state: TitleIndexStateTable;
}
