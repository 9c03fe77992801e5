import { Link } from 'react-router';
import { Badge } from '../ui/badge.tsx';
import { useI18n } from '../../i18n/index.tsx';
import { conditionOptions } from '../../lib/vocabulary.ts';
import type { HistoryEntry } from './use-history.ts';

const MONEY_FIELDS = new Set(['price', 'floor', 'sold_price', 'purchase_cost']);

/** One change in words: "prix : 30,00 € → 27,00 €", a long text shortened, statuses and conditions named. */
function useChangeText() {
  const { t, money, lang } = useI18n();
  const conditions = new Map(conditionOptions(lang).map((c) => [c.value as string, c.label]));
  const value = (field: string, v: unknown): string => {
    if (v === null || v === undefined || v === '') return '–';
    if (MONEY_FIELDS.has(field) && typeof v === 'number') return money(v);
    if (field === 'status' && typeof v === 'string') return t.status[v as keyof typeof t.status] ?? v;
    if (field === 'condition' && typeof v === 'string') return conditions.get(v) ?? v;
    if (Array.isArray(v)) return String(v.length);
    const s = typeof v === 'string' ? v : JSON.stringify(v);
    return s.length > 48 ? `${s.slice(0, 47)}…` : s;
  };
  return (e: HistoryEntry) =>
    Object.entries(e.changes).map(([field, c]) => t.backoffice.history.change(t.backoffice.history.fields[field] ?? field, value(field, c.from), value(field, c.to)));
}

/** A list of history entries; `showItem` adds the item's title (the history page; an item's own card leaves it out). */
export function HistoryList({ entries, showItem = false }: { entries: HistoryEntry[]; showItem?: boolean }) {
  const { t, date } = useI18n();
  const h = t.backoffice.history;
  const changeText = useChangeText();
  if (entries.length === 0) return <p className="text-sm text-muted-foreground">{h.empty}</p>;
  return (
    <ol className="divide-y text-sm" data-testid="history-list">
      {entries.map((e) => (
        <li key={e.id} className="flex flex-col gap-1 py-2" data-testid="history-entry">
          <div className="flex flex-wrap items-center gap-2">
            <Badge variant="outline">{h.types[e.type] ?? e.type}</Badge>
            <span className="text-xs text-muted-foreground">{date(e.at, true)} · {h.actors[e.actor] ?? e.actor}</span>
          </div>
          {showItem && (
            e.item_id && e.type !== 'deleted'
              ? <Link to={`/stock/${e.item_id}`} className="break-words font-medium hover:underline" translate="no">{e.title ?? e.item_id}</Link>
              : <span className="break-words font-medium text-muted-foreground" translate="no">{e.title ?? h.deletedItem}</span>
          )}
          {Object.keys(e.changes).length > 0 && (
            <ul className="space-y-0.5 break-words text-muted-foreground">
              {changeText(e).map((line) => <li key={line}>{line}</li>)}
            </ul>
          )}
        </li>
      ))}
    </ol>
  );
}
