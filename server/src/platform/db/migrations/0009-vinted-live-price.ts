import type { Kysely } from 'kysely';

// Two changes of issue 15 on the items table:
// - `vinted_price_cents`: the price the Vinted listing shows, as the app last published or updated it, so an item
//   whose price dropped here shows "not yet on Vinted" and the publish queue updates it. Items already on Vinted
//   take their current price (the best guess: nothing says it changed there).
// - The photo gate is Vinted's 1–20; "3 or more" became advice. Items that only missed 3 photos (and have at least
//   one) lose `too_few_photos` and become ready when nothing else keeps them off Vinted.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('items').addColumn('vinted_price_cents', 'integer').execute();
  await db.updateTable('items').set((eb: any) => ({ vinted_price_cents: eb.ref('price_cents') })).where('vinted_listing_id', 'is not', null).execute();
  let after = '';
  for (;;) {
    const rows: { id: string; missing_fields: string }[] = await db.selectFrom('items').select(['id', 'missing_fields'])
      .where('missing_fields', 'like', '%too_few_photos%').where('id', '>', after).orderBy('id').limit(500).execute();
    if (rows.length === 0) break;
    const counts = (await db.selectFrom('item_photos').select(['item_id', (eb: any) => eb.fn.countAll().as('n')])
      .where('item_id', 'in', rows.map((r) => r.id)).groupBy('item_id').execute()) as unknown as { item_id: string; n: number | string }[];
    const photos = new Map(counts.map((c) => [c.item_id, Number(c.n)]));
    for (const r of rows) {
      if ((photos.get(r.id) ?? 0) < 1) continue;
      let missing: string[];
      try {
        missing = (JSON.parse(r.missing_fields) as string[]).filter((m) => m !== 'too_few_photos');
      } catch {
        continue;
      }
      await db.updateTable('items').set({ missing_fields: JSON.stringify(missing), publish_ready: missing.length === 0 ? 1 : 0 }).where('id', '=', r.id).execute();
    }
    after = rows[rows.length - 1].id;
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('items').dropColumn('vinted_price_cents').execute();
}
