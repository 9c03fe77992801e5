import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { LOCAL_OWNER_ID, ownerScope } from './owner-scope.ts';

/**
 * The owners who hold data: a scheduled sweep runs once for each, in that owner's scope. Read across owners (system
 * scope) from the tables every owner writes first (their items, their settings); the single seller is always one.
 * The accounts module may later list its users instead; a user without any row has nothing to sweep.
 */
export async function ownersWithData(db: Kysely<Database>): Promise<string[]> {
  const rows = await ownerScope.system(() => db.selectFrom('items').select('owner_id').distinct()
    .union(db.selectFrom('settings').select('owner_id').distinct())
    .execute());
  const owners = new Set<string>([LOCAL_OWNER_ID]);
  for (const r of rows as { owner_id: string }[]) owners.add(r.owner_id);
  return [...owners].sort();
}
