import type { Transaction } from 'kysely';
import type { Database } from './db/schema.ts';
import type { OwnerDataHandler } from './owner-data.ts';

/**
 * The handler of a module whose every row of a person is per-person state: erased with them, and erased too when
 * their data goes to someone else (never merged). `tables` names each table and its owner column (`owner_id`, or
 * `owner`/`user_id` in older tables), deleted in the order given: rows that point at others first. The module
 * names its own tables; this only builds `delete from <table> where <column> = ?` for each.
 */
export function eraseOnly(module: string, tables: Readonly<Record<string, string>>): OwnerDataHandler {
  const erase = async (t: Transaction<Database>, owner: string) => {
    const any = t as unknown as Transaction<Record<string, Record<string, string>>>;
    for (const [table, column] of Object.entries(tables)) await any.deleteFrom(table).where(column, '=', owner).execute();
  };
  return {
    module,
    tables: Object.fromEntries(Object.keys(tables).map((table) => [table, 'erase' as const])),
    erase: ({ owner, t }) => erase(t, owner),
    transfer: ({ from, t }) => erase(t, from),
  };
}
