import { yieldToEventLoop } from '../../platform/concurrency.ts';
import { badRequest } from '../../platform/errors.ts';
import { decodePairCursor, encodePairCursor } from '../../platform/http/pair-cursor.ts';
import type { EventEnvelope } from '../../platform/events.ts';
import { ownerScope } from '../../platform/security/owner-scope.ts';
import { newId } from '../../platform/time.ts';
import type { ListingsService } from '../listings/index.ts';
import { entryFor, type PendingEntry } from './history-entries.ts';
import type { HistoryFilters, HistoryRepository } from './history.repository.ts';
import type { HistoryEntryOut, HistoryQuery } from './history.schemas.ts';
import type { HistoryRow } from './history.tables.ts';

function byOwner(events: EventEnvelope[]): Map<string | undefined, EventEnvelope[]> {
  const out = new Map<string | undefined, EventEnvelope[]>();
  for (const e of events) {
    const list = out.get(e.owner);
    if (list) list.push(e);
    else out.set(e.owner, [e]);
  }
  return out;
}

const toEntry = (r: HistoryRow): HistoryEntryOut => ({ ...r, changes: JSON.parse(r.changes) });

/**
 * Records the events of the stock and the orders as history entries, and reads them back. Events arrive after their
 * change committed; they are queued and written in batches (a bulk edit of 200 items is a few inserts), and every
 * read first waits for what is queued, so an answer always includes the changes made before it was asked.
 */
export class HistoryService {
  private queue: EventEnvelope[] = [];
  private draining: Promise<void> | null = null;

  constructor(
    private readonly repo: HistoryRepository,
    private readonly listings: Pick<ListingsService, 'rowsAndItems'>,
    private readonly onError: (err: unknown) => void,
  ) {}

  record(e: EventEnvelope): void {
    if (!entryFor(e)) return;
    this.queue.push(e);
    this.draining ??= this.drain().finally(() => {
      this.draining = null;
    });
  }

  /** Resolves once every event received so far is written. */
  flushed(): Promise<void> {
    return this.draining ?? Promise.resolve();
  }

  private async drain(): Promise<void> {
    while (this.queue.length) {
      const batch = this.queue.splice(0, 500);
      // The drain runs in the scope of whoever's event started it; each event is written as its own owner (the scope
      // it was emitted in), else another person's changes would land in that first owner's history.
      for (const [owner, events] of byOwner(batch)) {
        const write = () => this.write(events.map(entryFor).filter((x): x is PendingEntry => x !== null));
        try {
          await (owner === undefined ? write() : ownerScope.run(owner, write));
        } catch (err) {
          this.onError(err);
        }
      }
      if (this.queue.length) await yieldToEventLoop(); // a price drop's thousands of events: other work between batches
    }
  }

  private async write(entries: PendingEntry[]) {
    // Titles as they are now for the entries whose event did not carry one; a deleted item keeps its last known name.
    const untitled = [...new Set(entries.filter((e) => !e.title && e.item_id).map((e) => e.item_id!))];
    const items = untitled.length ? await this.listings.rowsAndItems(untitled) : new Map();
    const rows: HistoryRow[] = [];
    for (const e of entries) {
      const title = e.title ?? (e.item_id ? (items.get(e.item_id)?.item.title ?? (await this.repo.lastTitle(e.item_id))) : null);
      rows.push({ id: newId(), ...e, title, changes: JSON.stringify(e.changes) });
    }
    await this.repo.insert(rows);
  }

  async list(q: HistoryQuery): Promise<{ entries: HistoryEntryOut[]; next_cursor: string | null }> {
    await this.flushed();
    const rows = await this.repo.page(filtersOf(q), q.limit + 1, q.cursor ? decodePairCursor(q.cursor) : undefined);
    const page = rows.slice(0, q.limit);
    const last = page[page.length - 1];
    return { entries: page.map(toEntry), next_cursor: rows.length > q.limit && last ? encodePairCursor(last.at, last.id) : null };
  }

  /** Every entry the filters select, newest first, in pages (the CSV export streams them). */
  async *all(q: Omit<HistoryQuery, 'limit' | 'cursor'>): AsyncGenerator<HistoryEntryOut[]> {
    await this.flushed();
    const f = filtersOf(q);
    let after: { at: string; id: string } | undefined;
    for (;;) {
      const rows = await this.repo.page(f, 1000, after);
      if (rows.length === 0) return;
      yield rows.map(toEntry);
      await yieldToEventLoop(); // between batches: the server answers other requests (issue 23)
      const last = rows[rows.length - 1];
      after = { at: last.at, id: last.id };
    }
  }
}

function filtersOf(q: Omit<HistoryQuery, 'limit' | 'cursor'>): HistoryFilters {
  const from = q.from ? new Date(q.from).toISOString() : undefined;
  // A day alone means the whole of it: up to the next day's start.
  const before = q.to ? (q.to.length === 10 ? new Date(Date.parse(q.to) + 86_400_000).toISOString() : new Date(Date.parse(q.to) + 1).toISOString()) : undefined;
  if (from && before && from >= before) throw badRequest('invalid_date_range', '`from` is after `to`', { params: { from: q.from, to: q.to } });
  return { types: q.type, itemId: q.item_id, actor: q.actor, from, before };
}
