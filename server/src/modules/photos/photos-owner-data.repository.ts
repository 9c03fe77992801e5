import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { Database } from '../../platform/db/schema.ts';
import type { OwnerDataHandler } from '../../platform/owner-data.ts';
import { mergesOf } from '../../platform/owner-data.ts';
import { ownerScope } from '../../platform/security/owner-scope.ts';
import type { PhotoStore } from '../../platform/storage/photo-store.ts';

// The photo rows of a person the admin deletes (issue 20 point 5). Files are stored by content and shared by
// everyone who sent the same bytes, so a transfer moves no file (the recipient reaches it through their row) and an
// erase removes a file only once no row of anyone names it, after the transaction commits. A file left by a crash
// between the commit and the removal is an orphan the nightly purge finds (maintenance/purge.service.ts).

export function photosOwnerData(db: Kysely<Database>, store: PhotoStore, log: Logger): OwnerDataHandler {
  return {
    module: 'photos',
    tables: { photos: 'move' },
    // Last: item links, edits, memory and embeddings point at photo rows.
    order: 10,
    // A photo whose bytes the recipient already has merges into the recipient's row (unique per owner by content).
    plan: async (x) => {
      const same = await x.t.selectFrom('photos as mine').innerJoin('photos as theirs', (j) => j.onRef('theirs.sha256', '=', 'mine.sha256'))
        .select(['mine.id as mine', 'theirs.id as theirs'])
        .where('mine.owner_id', '=', x.from).where('theirs.owner_id', '=', x.to)
        .execute();
      const merges = mergesOf(x, 'photo');
      for (const r of same) merges.set(r.mine, r.theirs);
    },
    erase: async ({ owner, t, afterCommit }) => {
      const gone = await t.selectFrom('photos').select('sha256').distinct().where('owner_id', '=', owner).execute();
      // Their hash bands and look-alike vectors go with them by cascade.
      await t.deleteFrom('photos').where('owner_id', '=', owner).execute();
      const shas = gone.map((r) => r.sha256);
      afterCommit(async () => {
        for (let i = 0; i < shas.length; i += 500) {
          const chunk = shas.slice(i, i + 500);
          // Across owners: a file is shared by content and goes only with the last row naming it.
          const kept = new Set((await ownerScope.system(() => db.selectFrom('photos').select('sha256').distinct().where('sha256', 'in', chunk).execute())).map((r) => r.sha256));
          for (const sha of chunk.filter((s) => !kept.has(s))) await store.remove(sha).catch((err) => log.warn({ err, sha256: sha }, 'photo file not removed; the purge of orphan files will'));
        }
      });
    },
    transfer: async (x) => {
      const merged = [...(x.merged.get('photo')?.keys() ?? [])];
      for (let i = 0; i < merged.length; i += 500) {
        await x.t.deleteFrom('photos').where('owner_id', '=', x.from).where('id', 'in', merged.slice(i, i + 500)).execute();
      }
      await x.t.updateTable('photos').set({ owner_id: x.to }).where('owner_id', '=', x.from).execute();
    },
  };
}
