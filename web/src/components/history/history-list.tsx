import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { Badge } from '../ui/badge.tsx';
import { type Dict, type Lang, useI18n } from '../../i18n/index.tsx';
import { categoryLabel, colourLabel, conditionLabel, genderOptions } from '../../lib/vocabulary.ts';
import type { HistoryEntry } from './use-history.ts';

const MONEY_FIELDS = new Set(['price', 'floor', 'sold_price', 'purchase_cost']);
const MAX_SHOWN = 48;

/** What the change lines need from the seller's language: the dictionary, the language and the money format. */
export interface ChangeWords {
  t: Dict;
  lang: Lang;
  money: (v: number | null | undefined) => string;
}

/** One value of a change in words: statuses, conditions, categories, colours and genders named, lists joined, long text shortened. */
function changeValue(field: string, v: unknown, { t, lang, money }: ChangeWords): string {
  if (v === null || v === undefined || v === '' || (Array.isArray(v) && v.length === 0)) return '–';
  const named = (s: string): string => {
    if (field === 'status') return (t.status as Record<string, string>)[s] ?? t.sales.statuses[s] ?? s;
    if (field === 'condition') return conditionLabel(s, lang);
    if (field === 'category') return categoryLabel(s, lang);
    if (field === 'colors') return colourLabel(s, lang);
    if (field === 'gender') return genderOptions(lang).find((g) => g.value === s)?.label ?? s;
    return s;
  };
  let s: string;
  if (MONEY_FIELDS.has(field) && typeof v === 'number') s = money(v);
  else if (field === 'drop_rate' && typeof v === 'number') s = new Intl.NumberFormat(lang === 'fr' ? 'fr-FR' : 'en-GB', { style: 'percent', maximumFractionDigits: 1 }).format(v);
  else if (typeof v === 'boolean') s = v ? t.common.yes : t.common.no;
  else if (typeof v === 'string') s = named(v);
  else if (field === 'photos' && Array.isArray(v)) s = String(v.length);
  else if (Array.isArray(v)) s = v.every((x) => typeof x === 'string' || typeof x === 'number') ? v.map((x) => named(String(x))).join(', ') : String(v.length);
  else if (field === 'price_suggestion' && typeof v === 'object' && typeof (v as { target?: unknown }).target === 'number') s = money((v as { target: number }).target);
  else if (field === 'vinted' && typeof v === 'object') {
    const l = v as { listing_id?: string | null; url?: string | null };
    s = l.listing_id || l.url || '–';
  } else s = typeof v === 'object' ? JSON.stringify(v) : String(v);
  return s.length > MAX_SHOWN ? `${s.slice(0, MAX_SHOWN - 1)}…` : s;
}

/**
 * An entry's changes in words, one line each: "prix : 30,00 € → 27,00 €", "catégorie : T-shirt → Chemise". A field
 * without a label reads by its key.
 */
export function changeLines(changes: HistoryEntry['changes'], words: ChangeWords): string[] {
  const h = words.t.backoffice.history;
  return Object.entries(changes).map(([field, c]) => h.change(h.fields[field] ?? field, changeValue(field, c.from, words), changeValue(field, c.to, words)));
}

function useChangeText() {
  const { t, money, lang } = useI18n();
  return (e: HistoryEntry) => changeLines(e.changes, { t, lang, money });
}

/** A list of history entries; `showItem` adds the item's title (the history page; an item's own card leaves it out). */
export function HistoryList({ entries, showItem = false, empty }: { entries: HistoryEntry[]; showItem?: boolean; empty?: ReactNode }) {
  const { t, date } = useI18n();
  const h = t.backoffice.history;
  const changeText = useChangeText();
  if (entries.length === 0) return empty ?? <p className="text-sm text-muted-foreground">{h.empty}</p>;
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
