// bench/drop-sql: the nightly price drop's SQLite writes alone, outside the app, on a copy of a seeded scale store
// (bench/scale-store.ts; run bench:scale-jobs once to seed it). Answers how much of the run's cost is SQLite's own:
// per batch of B items one UPDATE … FROM json_each RETURNING of the new prices and one INSERT … SELECT of their
// price_history rows (the statements of listings' auto-drops.repository.ts, the app's pragmas: WAL, synchronous FULL),
// then optionally the `history` rows the history module writes for the same drops (HISTORY=separate: in their own
// transactions of 500 as its queue does; HISTORY=same: inside the drop's transaction).
// Env: SIZE (10000 | 1000000, default 1000000), B (batch, default 2000), DROP (comma-separated indexes or triggers
// to remove first, e.g. items_price_idx,items_stats_upd), HISTORY (none | separate | same, default none),
// SYNC (full | normal, default full), CACHE_MB (default 64) and MMAP_MB (default 256) as the app sets them,
// CHECKPOINT (wal_autocheckpoint in pages; default SQLite's 1,000, as the app before its checkpoint thread starts),
// THREAD=1 (the app's checkpoint thread takes the checkpoints over, as it does once a store writes that much),
// LIMIT (items, default all listed), ORDER (key | price: the order the batches walk the due items). Prints µs per item, wall and this process's CPU (user / system), and the load.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import Database from 'better-sqlite3';
import { WalCheckpointer } from '../server/src/platform/db/wal-checkpointer.ts';

const size = process.env.SIZE ?? '1000000';
const B = Number(process.env.B ?? 2000);
const history = process.env.HISTORY ?? 'none';
const src = path.join(process.env.BENCH_SCALE_DIR ?? path.join(import.meta.dirname, 'out', 'scale'), size, 'vintedbot.db');
if (!fs.existsSync(src)) throw new Error(`no seeded store at ${src}: run npm run bench:scale-jobs first`);
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'drop-sql-'));
const file = path.join(dir, 't.db');
fs.copyFileSync(src, file);
const cleanUp = () => fs.rmSync(dir, { recursive: true, force: true });
for (const sig of ['SIGINT', 'SIGTERM'] as const) process.on(sig, () => (cleanUp(), process.exit(130)));
const load = () => os.loadavg().map((x) => x.toFixed(2)).join(' ');

try {
  const db = new Database(file);
  db.pragma('journal_mode = wal');
  db.pragma(`synchronous = ${process.env.SYNC ?? 'full'}`);
  // The app's cache and memory map (platform/db/database.ts) unless told otherwise.
  db.pragma(`cache_size = -${Number(process.env.CACHE_MB ?? 64) * 1024}`);
  db.pragma(`mmap_size = ${Number(process.env.MMAP_MB ?? 256) * 1024 * 1024}`);
  if (process.env.CHECKPOINT) db.pragma(`wal_autocheckpoint = ${Number(process.env.CHECKPOINT)}`);
  for (const name of (process.env.DROP ?? '').split(',').filter(Boolean)) {
    const kind = (db.prepare('select type from sqlite_schema where name = ?').get(name) as { type: string } | undefined)?.type;
    if (!kind) throw new Error(`no index or trigger named ${name}`);
    db.exec(`drop ${kind} ${name}`);
  }
  const day = '2099-01-01';
  const ids = db.prepare(`select id, price_cents as p, title from items indexed by items_drop_due_idx
    where status = 'listed' and auto_drop = 1 and price_cents is not null and drop_checked_on < ? order by drop_checked_on, id`).all(day) as { id: string; p: number; title: string }[];
  // ORDER=price: the batches walk the due items by price, so a batch's entries in the price-keyed indexes are
  // neighbours (few pages each) instead of one random page per item and index. But ids are time-ordered (UUIDv7) and
  // rows are stored in creation order, so the run's own order (day looked at, id) already keeps a batch's table rows
  // and its entries in the indexes keyed by status and creation together; by price scatters those instead. Tried at
  // 1 M (B=2,000, load ~9): not faster (still running at 7 min where the key order took 4).
  if (process.env.ORDER === 'price') ids.sort((a, b) => a.p - b.p || (a.id < b.id ? -1 : 1));
  const items = ids.slice(0, Number(process.env.LIMIT ?? ids.length));
  const upd = db.prepare(`update items set price_cents = v.n, last_auto_drop_on = ?, drop_checked_on = ?
    from (select value ->> 'vid' as vid, value ->> 'o' as o, value ->> 'n' as n from json_each(?)) as v
    where items.id = v.vid and items.price_cents = v.o and +items.status = 'listed' and +items.auto_drop = 1
      and (items.last_auto_drop_on is null or items.last_auto_drop_on < ?) returning items.id`);
  const ph = db.prepare(`insert into price_history (item_id, at, old_price_cents, new_price_cents, reason, rule)
    select value ->> 'vid', ?, value ->> 'o', value ->> 'n', 'automatic_drop', value ->> 'r' from json_each(?)`);
  const hist = db.prepare(`insert into history (id, at, entity, entity_id, item_id, type, actor, title, changes)
    select value ->> 'id', ?, 'item', value ->> 'vid', value ->> 'vid', 'price_changed', 'price_drop', value ->> 't', value ->> 'c' from json_each(?)`);
  const historyRows = (b: { id: string; p: number; title: string }[], at: string) => {
    const rows = b.map((r) => ({ id: randomUUID(), vid: r.id, t: r.title, c: JSON.stringify({ price: { from: r.p / 100, to: Math.round(r.p * 0.95) / 100 } }) }));
    for (let i = 0; i < rows.length; i += 500) hist.run(at, JSON.stringify(rows.slice(i, i + 500)));
  };

  // THREAD=1: the app's checkpoint thread (platform/db/wal-checkpointer.ts) takes the checkpoints over first;
  // THREAD_MAIN (pages) then sets what this connection still checkpoints itself (the thread sets 0).
  const cp = process.env.THREAD === '1' ? new WalCheckpointer(file, db) : null;
  if (cp) await cp.start();
  if (cp && process.env.THREAD_MAIN) db.pragma(`wal_autocheckpoint = ${Number(process.env.THREAD_MAIN)}`);
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  let n = 0;
  for (let i = 0; i < items.length; i += B) {
    const b = items.slice(i, i + B);
    const json = JSON.stringify(b.map((r) => ({ vid: r.id, o: r.p, n: Math.round(r.p * 0.95), r: '-5 %' })));
    const at = new Date().toISOString();
    db.transaction(() => {
      n += upd.all(day, day, json, day).length;
      ph.run(at, json);
      if (history === 'same') historyRows(b, at);
    })();
    if (history === 'separate') for (let k = 0; k < b.length; k += 500) db.transaction(() => historyRows(b.slice(k, k + 500), at))();
    // As the app's run, which hands the event loop back between batches (and the checkpoint thread's reports with it).
    if (cp) await new Promise((resolve) => setImmediate(resolve));
  }
  const wall = performance.now() - t0;
  const c = process.cpuUsage(c0);
  const per = (x: number) => (x / items.length).toFixed(1);
  const walMb = (fs.statSync(`${file}-wal`, { throwIfNoEntry: false })?.size ?? 0) / 1e6;
  await cp?.close();
  console.log(`${size} store, B=${B}, sync=${process.env.SYNC ?? 'full'}, cache=${process.env.CACHE_MB ?? 64} MB, mmap=${process.env.MMAP_MB ?? 256} MB, drop=[${process.env.DROP ?? ''}], history=${history}, order=${process.env.ORDER ?? 'key'}, checkpoint=${cp ? `thread (this connection: ${process.env.THREAD_MAIN ?? 0})` : (process.env.CHECKPOINT ?? 1000)}: ${n.toLocaleString('en')} dropped; `
    + `${per(wall * 1000)} µs wall, ${per(c.user + c.system)} µs cpu (user ${per(c.user)}, sys ${per(c.system)}) per item; log ${walMb.toFixed(0)} MB at the end [load ${load()}]`);
  db.close();
} finally {
  cleanUp();
}
