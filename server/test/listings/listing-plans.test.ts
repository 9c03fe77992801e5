import { CompiledQuery, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ListFilters, ListingsRepository, type SortKey } from '../../src/modules/listings/listings.repository.ts';
import { AutoDropsRepository } from '../../src/modules/listings/auto-drops.repository.ts';
import { createTestApp, json, type TestApp } from '../helpers/test-app.ts';

// Issue 23, point 1: every listing query the API makes answers from an index, whatever the stock's size. The plans
// are read from the database itself (SQLite's EXPLAIN QUERY PLAN; PostgreSQL's EXPLAIN with sequential scans
// priced out, since on a small table a scan is its cheapest plan even where an index would serve). Runs on
// PostgreSQL when DATABASE_URL is set, on SQLite otherwise.
const FILTERS: [string, ListFilters][] = [
  ['none', {}],
  ['status', { status: 'listed' }],
  ['brand', { brand: 'Zara' }],
  ['brand + size', { brand: 'Zara', size: 'M' }],
  ['status + brand + size', { status: 'listed', brand: 'Ralph Lauren', size: 'M' }],
  ['category', { category: 'jeans' }],
  ['size', { size: 'M' }],
  ['gender', { gender: 'women' }],
  ['price range', { minPriceCents: 2000, maxPriceCents: 3000 }],
  ['location', { location: 'étagère b' }],
  ['q', { q: 'zara' }],
  ['q, no hit', { q: 'introuvable' }],
  ['status + q', { status: 'listed', q: 'jupe plissée' }],
];
// ANALYZE's figures of the benchmark's million-item store (bench/scale-store.ts), with the owner index of one seller.
const STATS_1M = 'items_sold_at_idx=333000 2;items_sale_drops_idx=333000 2 1 1 1 1;items_drop_due_idx=444000 444000 1;items_gender_created_idx=1000000 1000000 2 1;'
  + 'items_category_created_idx=1000000 100000 2 1;items_size_created_idx=1000000 166667 2 1;items_brand_size_created_idx=1000000 83334 83334 2 1;'
  + 'items_brand_created_idx=1000000 83334 2 1;items_vinted_listing_idx=1000000 1000000;items_sell_band_idx=1000000 250000 62500 5814 5814;'
  + 'items_sell_size_idx=1000000 250000 45455 7353 7353 7353;items_sell_brand_idx=1000000 250000 22728 6579 6579 6579;'
  + 'items_sell_category_idx=1000000 250000 25000 14286 14286;items_ageing_idx=1000000 250000 2 2 1;items_sku_idx=1000000 1;'
  + 'items_status_listed_idx=1000000 250000 2;items_possible_duplicate_idx=1000000 500000 125000;items_size_idx=1000000 166667;'
  + 'items_category_idx=1000000 100000;items_brand_idx=1000000 83334;items_status_created_idx=1000000 250000 2 1;items_status_price_idx=1000000 250000 34 1;'
  + 'items_title_idx=1000000 1 1;items_price_idx=1000000 106 1;items_updated_idx=1000000 2 1;items_created_idx=1000000 2 1;sqlite_autoindex_items_1=1000000 1'
  + ';items_owner_created_idx=1000000 1000000 2 1';
const SORTS: [SortKey, boolean][] = [['created_at', true], ['updated_at', true], ['price', false], ['title', false]];

describe('listing query plans', () => {
  let t: TestApp;
  let repo: ListingsRepository;
  const dialect = () => t.ctx.database.dialect;

  beforeAll(async () => {
    t = await createTestApp();
    repo = new ListingsRepository(t.ctx.db);
    for (const [i, title] of ['Jupe plissée Zara noire', 'Polo Ralph Lauren bleu', 'Jean Levi’s 501'].entries()) {
      const res = await t.app.inject({ method: 'POST', url: '/listings', ...json({ title, brand: title.split(' ')[i === 1 ? 1 : 2], size: 'M', price: 20 + i, category: 'jeans', storage_location: 'Étagère B' }) });
      expect(res.statusCode).toBe(201);
    }
  });
  afterAll(async () => t?.close());

  /** The plan's lines: SQLite's details, or PostgreSQL's node descriptions. */
  async function plan(q: { compile(): CompiledQuery }): Promise<string[]> {
    const c = q.compile();
    if (dialect() === 'sqlite') {
      const r = await t.ctx.db.executeQuery(CompiledQuery.raw(`explain query plan ${c.sql}`, [...c.parameters]));
      return (r.rows as { detail: string }[]).map((x) => x.detail);
    }
    return t.ctx.db.transaction().execute(async (trx) => {
      await sql`set local enable_seqscan = off`.execute(trx);
      const r = await trx.executeQuery(CompiledQuery.raw(`explain ${c.sql}`, [...c.parameters]));
      return (r.rows as Record<string, string>[]).map((x) => Object.values(x)[0]);
    });
  }

  /** SQLite plans by its statistics: none ('', a store never analysed) or these figures of ANALYZE's. */
  async function withStats(stats: string) {
    if (dialect() !== 'sqlite') return;
    await sql`analyze`.execute(t.ctx.db);
    await sql`delete from sqlite_stat1`.execute(t.ctx.db);
    for (const [idx, stat] of stats ? stats.split(';').map((x) => x.split('=')) : []) {
      await sql`insert into sqlite_stat1 (tbl, idx, stat) values ('items', ${idx}, ${stat})`.execute(t.ctx.db);
    }
    await sql`analyze sqlite_schema`.execute(t.ctx.db);
  }

  /** No line reads the items table whole. */
  function expectIndexed(lines: string[]) {
    if (dialect() === 'sqlite') {
      expect(lines.filter((l) => /^SCAN items\b(?! USING)/.test(l)), lines.join('\n')).toEqual([]);
      expect(lines.some((l) => /USING (COVERING )?INDEX|INTEGER PRIMARY KEY|VIRTUAL TABLE INDEX/.test(l)), lines.join('\n')).toBe(true);
    } else {
      expect(lines.filter((l) => /Seq Scan on items\b/.test(l)), lines.join('\n')).toEqual([]);
    }
  }

  for (const [name, f] of FILTERS) {
    it(`a page filtered by ${name} reads an index, in the default order without sorting`, async () => {
      const lines = await plan(repo.pageQuery(f, 'created_at', true, 50, null));
      expectIndexed(lines);
      // q reads its matches from the trigram index, location the few items of one place: each then orders them.
      if (process.env.SHOW_PLANS) console.log(name, lines);
      if (dialect() === 'sqlite' && !f.q && !f.location) expect(lines.filter((l) => /TEMP B-TREE FOR ORDER BY/.test(l)), lines.join('\n')).toEqual([]);
      if (dialect() === 'sqlite' && f.q) expect(lines.some((l) => /items_search VIRTUAL TABLE INDEX/.test(l)), lines.join('\n')).toBe(true);
    });

    it(`the capped total of a ${name} filter reads an index`, async () => {
      expectIndexed(await plan(repo.countQuery(f, 10_000).select((eb) => eb.fn.countAll().as('n'))));
    });
  }

  it('a page of a text many items hold walks the page\'s order and tests each row, without sorting', async () => {
    for (const f of [{ q: 'zara' }, { status: 'listed', q: 'zara' }]) {
      const lines = await plan(repo.pageQuery(f, 'created_at', true, 50, null, true));
      expectIndexed(lines);
      if (dialect() === 'sqlite') expect(lines.filter((l) => /TEMP B-TREE|items_search/.test(l)), lines.join('\n')).toEqual([]);
    }
  });

  for (const [sort, desc] of SORTS) {
    it(`a next page sorted by ${sort} walks that sort's index from the cursor`, async () => {
      const lines = await plan(repo.pageQuery({ status: 'listed' }, sort, desc, 50, { v: sort === 'price' ? 2000 : '2026-01-01', id: '0190f3c2-7c1e-7b3a-9d1e-2f9a4c5b6d7e' }));
      expectIndexed(lines);
    });
  }

  it('search answers through the index: a hit, a word no item holds, accents and capitals folded', async () => {
    const titles = async (q: string) => (await t.app.inject({ url: `/listings?q=${encodeURIComponent(q)}&include_total=true` })).json();
    expect((await titles('PLISSEE')).items.map((i: { title: string }) => i.title)).toEqual(['Jupe plissée Zara noire']);
    expect(await titles('introuvable')).toMatchObject({ items: [], total: 0, total_exact: true });
    expect((await titles('lauren bl')).items).toHaveLength(1);
    // Under three letters there is no trigram: the search still answers (by reading the rows).
    // (Two characters no generated SKU holds.)
    expect((await titles('’s')).items.map((i: { title: string }) => i.title)).toEqual(['Jean Levi’s 501']);
  });

  it('a location typed in lower case finds one stored with an accented capital', async () => {
    const res = (await t.app.inject({ url: `/listings?location=${encodeURIComponent('étagère b')}` })).json();
    expect(res.items).toHaveLength(3);
  });

  it('the search index follows edits and deletions', async () => {
    const created = (await t.app.inject({ method: 'POST', url: '/listings', ...json({ title: 'Veste Sézane velours', price: 80 }) })).json();
    const find = async (q: string) => (await t.app.inject({ url: `/listings?q=${encodeURIComponent(q)}` })).json().items.length;
    expect(await find('sezane')).toBe(1);
    expect((await t.app.inject({ method: 'PATCH', url: `/listings/${created.id}`, ...json({ title: 'Veste Maje velours' }) })).statusCode).toBe(200);
    expect([await find('sezane'), await find('maje')]).toEqual([0, 1]);
    expect((await t.app.inject({ method: 'DELETE', url: `/listings/${created.id}` })).statusCode).toBeLessThan(300);
    expect(await find('maje')).toBe(0);
  });
  it('a price-drop batch walks its 1,000 new prices and finds each item by its key, at a million items too', async () => {
    // SQLite plans by its statistics: these are ANALYZE's figures of the benchmark's million-item store, where a
    // batch given as 1,000 VALUES rows was planned the other way round (every listed item walked, the batch probed).
    const changes = Array.from({ length: 1000 }, (_, i) => ({ id: `0190f3c2-7c1e-7b3a-9d1e-${String(i).padStart(12, '0')}`, title: '', old_cents: 2000, new_cents: 1900, rule: '' }));
    // SQLite plans by its statistics: none (a store never analysed), then ANALYZE's figures of the benchmark's
    // million-item store, where a batch given as 1,000 VALUES rows was planned the other way round.
    for (const stats of dialect() === 'sqlite' ? ['', STATS_1M] : ['']) {
      await withStats(stats);
      const lines = await plan(new AutoDropsRepository(t.ctx.db).priceUpdate(changes, '2026-12-07'));
      if (process.env.SHOW_PLANS) console.log(lines);
      if (dialect() === 'sqlite') {
        expect(lines[0], lines.join('\n')).toMatch(/^SCAN json_each/);
        expect(lines.some((l) => /^SEARCH items USING INDEX sqlite_autoindex_items_1 \(id=\?\)/.test(l)), lines.join('\n')).toBe(true);
        expect(lines.length, lines.join('\n')).toBe(2);
      } else {
        // PostgreSQL plans this tiny table as one hash join over the few listed items; at a million its statistics
        // make the batch (estimated 100 rows) the outer side of a key lookup. Here: no scan of the table.
        expectIndexed(lines);
      }
    }
  });

  it('the price-drop run finds its due items from the partial index (a same-day re-run reads an empty range), at a million items too', async () => {
    const drops = new AutoDropsRepository(t.ctx.db);
    for (const stats of dialect() === 'sqlite' ? ['', STATS_1M] : ['']) {
      await withStats(stats);
      for (const after of [null, { k: '2026-12-06', id: '0190f3c2-7c1e-7b3a-9d1e-2f9a4c5b6d7e' }]) {
        for (const scope of ['checked', 'not_dropped'] as const) {
          const q = drops.candidatesQuery('2026-12-07', 250, scope, after);
          const lines = await plan({ compile: () => q.compile(t.ctx.db) });
          if (process.env.SHOW_PLANS) console.log(scope, after, lines);
          if (dialect() === 'sqlite') {
            expect(lines, lines.join('\n')).toEqual([expect.stringMatching(/^SEARCH items USING INDEX items_drop_due_idx \(drop_checked_on<\?\)$|^SEARCH items USING INDEX items_drop_due_idx \(\(drop_checked_on,id\)>\(\?,\?\) AND drop_checked_on<\?\)$/)]);
          } else {
            expect(lines.some((l) => /items_drop_due_idx/.test(l)), lines.join('\n')).toBe(true);
            expectIndexed(lines);
          }
        }
      }
    }
  });
});
