import type { JsonSetting } from '../../platform/settings/json-setting.ts';
import { eurosOrNull } from '../../platform/money.ts';
import type { ListingsService, StockTodoKind, StockTodoRow } from '../listings/index.ts';
import type { RecommendationSettings } from './recommendations.settings.ts';

// The dashboard's "À faire": the work waiting in the stock, list by list, each line with a stable code and its
// parameters (the app words them in the seller's language) and the actions that settle it.

export type TodoAction = 'edit' | 'set_price' | 'set_floor' | 'not_a_duplicate' | 'merge' | 'archive' | 'republish' | 'reprice' | 'open';

export type TodoCode = 'draft_incomplete' | 'no_price' | 'no_floor' | 'possible_duplicate' | 'listed_too_long' | 'sold_recently';

export interface TodoLine {
  item_id: string;
  title: string;
  status: string;
  price: number | null;
  thumb_url: string | null;
  code: TodoCode;
  params: Record<string, unknown>;
  actions: TodoAction[];
}

export interface TodoList { count: number; lines: TodoLine[] }
export type StockTodo = Record<StockTodoKind, TodoList> & { total: number; sold_days: number; listed_days: number };

const DAY = 86_400_000;

export class TodoService {
  constructor(
    private readonly listings: Pick<ListingsService, 'stockTodo' | 'coverPhotoIds' | 'summaries'>,
    private readonly thresholds: JsonSetting<RecommendationSettings>,
  ) {}

  async todo(opts: { limit: number; soldDays: number }, now = new Date()): Promise<StockTodo> {
    const { listed_days: listedDays } = await this.thresholds.get();
    const lists = await this.listings.stockTodo({
      limit: opts.limit,
      listedBefore: new Date(now.getTime() - listedDays * DAY).toISOString(),
      soldSince: new Date(now.getTime() - opts.soldDays * DAY).toISOString(),
    });
    const all = Object.values(lists).flatMap((l) => l.rows);
    const covers = await this.listings.coverPhotoIds([...new Set(all.map((r) => r.id))]);
    const others = new Map((await this.listings.summaries([...new Set(all.flatMap((r) => refs(r.duplicate_of).map((x) => x.item_id)))])).map((s) => [s.id, s.title]));
    const daysSince = (iso: string | null) => (iso ? Math.floor((now.getTime() - Date.parse(iso)) / DAY) : null);
    const line = (r: StockTodoRow, code: TodoCode, params: Record<string, unknown>, actions: TodoAction[]): TodoLine => {
      const cover = covers.get(r.id);
      return { item_id: r.id, title: r.title, status: r.status, price: eurosOrNull(r.price_cents), thumb_url: cover ? `/photos/${cover}/thumb` : null, code, params, actions };
    };
    const lines: Record<StockTodoKind, (r: StockTodoRow) => TodoLine> = {
      incomplete_drafts: (r) => line(r, 'draft_incomplete', { missing_fields: parse<string[]>(r.missing_fields, []) }, ['edit']),
      missing_price_or_floor: (r) => (r.price_cents === null
        ? line(r, 'no_price', {}, ['set_price'])
        : line(r, 'no_floor', { price: eurosOrNull(r.price_cents) }, ['set_floor'])),
      duplicates: (r) => line(r, 'possible_duplicate', {
        of: refs(r.duplicate_of).map((x) => ({ item_id: x.item_id, title: others.get(x.item_id) ?? null, reason: x.reason, score: x.score })),
      }, ['not_a_duplicate', 'merge', 'archive']),
      stale_listings: (r) => line(r, 'listed_too_long', { days: daysSince(r.listed_at), threshold: listedDays }, ['republish', 'reprice']),
      to_ship: (r) => line(r, 'sold_recently', { sold_at: r.sold_at, days_ago: daysSince(r.sold_at), sold_price: eurosOrNull(r.sold_price_cents) }, ['open']),
    };
    const out = {} as Record<StockTodoKind, TodoList>;
    let total = 0;
    for (const kind of Object.keys(lines) as StockTodoKind[]) {
      out[kind] = { count: lists[kind].count, lines: lists[kind].rows.map(lines[kind]) };
      total += lists[kind].count;
    }
    return { ...out, total, sold_days: opts.soldDays, listed_days: listedDays };
  }
}

function parse<T>(json: string, fallback: T): T {
  try {
    return JSON.parse(json) as T;
  } catch {
    return fallback;
  }
}

const refs = (json: string) => parse<{ item_id: string; reason: string; score: number }[]>(json, []).filter((x) => x && typeof x.item_id === 'string');
