import { CopyIcon, CircleCheckIcon, FlaskConicalIcon, ImageIcon, MapPinIcon, TrendingDownIcon } from 'lucide-react';
import { Link } from 'react-router';
import { ApiImage } from '../../components/api-image.tsx';
import { StatusBadge } from '../../components/status-badge.tsx';
import { Badge } from '../../components/ui/badge.tsx';
import { Checkbox } from '../../components/ui/controls.tsx';
import { Table, TBody, TD, TH, THead, TR } from '../../components/ui/table.tsx';
import { useI18n } from '../../i18n/index.tsx';
import { categoryLabel } from '../../lib/vocabulary.ts';
import type { Item } from './use-stock.ts';

function Thumb({ item }: { item: Item }) {
  const { t } = useI18n();
  const p = item.photos[0];
  if (!p) {
    return (
      <div className="flex size-12 shrink-0 items-center justify-center rounded-md bg-muted" role="img" aria-label={t.stock.noPhoto}>
        <ImageIcon aria-hidden="true" className="size-4 text-muted-foreground" />
      </div>
    );
  }
  // max-w-none: in the table, the title cell takes all the width, and an image capped at 100% of its cell would shrink to nothing.
  return <ApiImage src={p.thumb_url} alt="" className="size-12 max-w-none shrink-0 rounded-md" />;
}

/** A grey pill's outline, so it still shows on a selected row or a hovered one (both grey-ish backgrounds). */
const GREY_PILL = 'border-muted-foreground/30';

function Flags({ item }: { item: Item }) {
  const { t, money } = useI18n();
  const plan = item.auto_drop_plan;
  return (
    <div className="flex flex-wrap gap-1">
      {item.demo && <Badge variant="outline" title={t.stock.demoHint} data-testid="demo-badge"><FlaskConicalIcon aria-hidden="true" />{t.stock.demo}</Badge>}
      {plan?.will_drop && plan.floor !== null && <Badge variant="secondary" className={GREY_PILL} data-testid="drop-badge"><TrendingDownIcon aria-hidden="true" />{t.stock.willDrop(money(plan.floor))}</Badge>}
      {plan && !plan.will_drop && plan.reason === 'no_floor' && <Badge variant="warning" data-testid="drop-badge">{t.stock.noFloor}</Badge>}
      {item.possible_duplicate && (
        <Badge variant="warning" data-testid="duplicate-badge">
          <CopyIcon aria-hidden="true" />
          {t.stock.duplicate}
        </Badge>
      )}
      {item.flags.publish_ready ? (
        <Badge variant="success">
          <CircleCheckIcon aria-hidden="true" />
          {t.stock.publishReady}
        </Badge>
      ) : item.status === 'draft' ? (
        <Badge variant="secondary" className={GREY_PILL}>{t.stock.toFix(item.flags.missing_fields.length)}</Badge>
      ) : null}
    </div>
  );
}

/** Where the item waits (box, shelf), so a seller finds it on the shelf when it sells; nothing when unknown. */
function Location({ item }: { item: Item }) {
  const { t } = useI18n();
  if (!item.storage_location) return null;
  return (
    <p className="flex min-w-0 items-center gap-1 text-xs text-muted-foreground" data-testid="stock-location-shown">
      <MapPinIcon aria-hidden="true" className="size-3 shrink-0" />
      <span className="truncate">{t.stock.locationShown(item.storage_location)}</span>
    </p>
  );
}

function subtitle(item: Item, lang: 'fr' | 'en') {
  return [item.brand, categoryLabel(item.category, lang), item.size].filter(Boolean).join(' · ');
}

export function StockTable({ items, selected, toggle, toggleAll }: { items: Item[]; selected: Set<string>; toggle(id: string): void; toggleAll(): void }) {
  const { t, lang, money, date } = useI18n();
  const allOn = items.length > 0 && items.every((i) => selected.has(i.id));
  return (
    <>
      {/* Laptop: a table. */}
      <div className="hidden rounded-xl border bg-card md:block">
        <Table data-testid="stock-table">
          <THead>
            <TR>
              <TH className="w-10">
                <Checkbox aria-label={t.stock.selectAll} checked={allOn} onCheckedChange={toggleAll} />
              </TH>
              <TH className="w-16"><span className="sr-only">{t.stock.columns.photo}</span></TH>
              <TH>{t.stock.columns.title}</TH>
              <TH>{t.stock.columns.status}</TH>
              <TH className="text-right">{t.stock.columns.price}</TH>
              <TH className="hidden lg:table-cell">{t.stock.columns.created}</TH>
            </TR>
          </THead>
          <TBody>
            {items.map((item) => (
              <TR
                key={item.id}
                // A primary tint, not the table's grey: the grey status and "to fix" pills would melt into it.
                className="data-[state=selected]:bg-primary/5 hover:data-[state=selected]:bg-primary/8 dark:data-[state=selected]:bg-primary/10 dark:hover:data-[state=selected]:bg-primary/12"
                data-state={selected.has(item.id) ? 'selected' : undefined}
                data-testid="stock-row"
              >
                <TD>
                  <Checkbox aria-label={t.stock.selectItem(item.title)} checked={selected.has(item.id)} onCheckedChange={() => toggle(item.id)} />
                </TD>
                <TD><Thumb item={item} /></TD>
                <TD className="max-w-0 w-full">
                  <Link to={`/stock/${item.id}`} className="block truncate font-medium hover:underline" title={item.title} translate="no">{item.title}</Link>
                  <p className="truncate text-xs text-muted-foreground">{subtitle(item, lang)}</p>
                  <Location item={item} />
                  <div className="mt-1"><Flags item={item} /></div>
                </TD>
                <TD><StatusBadge status={item.status} /></TD>
                <TD className="whitespace-nowrap text-right font-medium tabular-nums">{money(item.price)}</TD>
                <TD className="hidden whitespace-nowrap text-muted-foreground lg:table-cell">{date(item.created_at)}</TD>
              </TR>
            ))}
          </TBody>
        </Table>
      </div>
      {/* Phone: cards. */}
      <ul className="flex flex-col gap-2 md:hidden" data-testid="stock-cards">
        {items.map((item) => (
          <li key={item.id} className="flex items-start gap-3 rounded-xl border bg-card p-3" data-testid="stock-card">
            <Checkbox className="mt-3.5" aria-label={t.stock.selectItem(item.title)} checked={selected.has(item.id)} onCheckedChange={() => toggle(item.id)} />
            <Thumb item={item} />
            <div className="min-w-0 flex-1">
              <Link to={`/stock/${item.id}`} className="line-clamp-2 break-words font-medium leading-snug hover:underline" translate="no">{item.title}</Link>
              <p className="truncate text-xs text-muted-foreground">{subtitle(item, lang)}</p>
              <Location item={item} />
              <div className="mt-1.5 flex flex-wrap items-center gap-1.5">
                <StatusBadge status={item.status} />
                <span className="text-sm font-semibold tabular-nums">{money(item.price)}</span>
              </div>
              <div className="mt-1.5"><Flags item={item} /></div>
            </div>
          </li>
        ))}
      </ul>
    </>
  );
}
