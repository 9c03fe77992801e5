import { SearchIcon, SlidersHorizontalIcon, XIcon } from 'lucide-react';
import { useEffect, useState } from 'react';
import { Button } from '../../components/ui/button.tsx';
import { Field, Input, NativeSelect } from '../../components/ui/input.tsx';
import { useI18n } from '../../i18n/index.tsx';
import { cn } from '../../lib/utils.ts';
import { categoryOptions, genderOptions, STATUSES } from '../../lib/vocabulary.ts';
import { priceFilter, type StockFilters } from './use-stock.ts';

/** A text box that reports its value after the seller stops typing, so each keystroke is not a request. */
function useDebounced(value: string, onChange: (v: string) => void, ms = 300) {
  const [draft, setDraft] = useState(value);
  useEffect(() => setDraft(value), [value]);
  useEffect(() => {
    if (draft === value) return;
    const id = setTimeout(() => onChange(draft), ms);
    return () => clearTimeout(id);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [draft]);
  return [draft, setDraft] as const;
}

export function StockFiltersBar({ filters, setFilters, active, clear }: { filters: StockFilters; setFilters(p: Partial<StockFilters>): void; active: number; clear(): void }) {
  const { t, lang } = useI18n();
  const [open, setOpen] = useState(active > 0);
  const [q, setQ] = useDebounced(filters.q, (v) => setFilters({ q: v }));
  const [brand, setBrand] = useDebounced(filters.brand, (v) => setFilters({ brand: v }));
  const [size, setSize] = useDebounced(filters.size, (v) => setFilters({ size: v }));
  const [location, setLocation] = useDebounced(filters.location, (v) => setFilters({ location: v }));
  // A price that is not an amount is said so under its box and never reaches the address (nor the request).
  const [minP, setMinP] = useDebounced(filters.min_price, (v) => priceFilter(v) !== null && setFilters({ min_price: v }), 500);
  const [maxP, setMaxP] = useDebounced(filters.max_price, (v) => priceFilter(v) !== null && setFilters({ max_price: v }), 500);
  const minV = priceFilter(minP);
  const maxV = priceFilter(maxP);
  const minError = minV === null ? t.stock.priceInvalid : typeof minV === 'number' && typeof maxV === 'number' && minV > maxV ? t.stock.priceRange : undefined;
  const maxError = maxV === null ? t.stock.priceInvalid : undefined;
  return (
    <div className="space-y-3" role="search" aria-label={t.stock.filtersTitle}>
      <div className="flex flex-wrap gap-2">
        <div className="relative min-w-0 flex-1 basis-56">
          <SearchIcon aria-hidden="true" className="pointer-events-none absolute left-3 top-1/2 size-4 -translate-y-1/2 text-muted-foreground" />
          <Input
            type="search"
            aria-label={t.stock.searchLabel}
            placeholder={t.stock.searchPlaceholder}
            value={q}
            onChange={(e) => setQ(e.target.value)}
            className="pl-9"
            data-testid="stock-search"
          />
        </div>
        <NativeSelect aria-label={t.stock.sort} value={filters.sort} onChange={(e) => setFilters({ sort: e.target.value })} className="w-auto basis-44" data-testid="stock-sort">
          {Object.entries(t.stock.sorts).map(([v, label]) => (
            <option key={v} value={v}>{label}</option>
          ))}
        </NativeSelect>
        <Button variant="outline" onClick={() => setOpen((o) => !o)} aria-expanded={open} aria-controls="stock-filters" data-testid="stock-filters-toggle">
          <SlidersHorizontalIcon aria-hidden="true" />
          {t.stock.filters}
          {active > 0 && <span className="rounded-full bg-primary px-1.5 text-xs text-primary-foreground">{active}</span>}
        </Button>
      </div>
      <div id="stock-filters" className={cn('grid grid-cols-2 items-start gap-3 rounded-lg border bg-card p-3 sm:grid-cols-3 lg:grid-cols-4', !open && 'hidden')}>
        <Field id="f-status" label={t.stock.status}>
          <NativeSelect id="f-status" value={filters.status} onChange={(e) => setFilters({ status: e.target.value as StockFilters['status'] })}>
            <option value="">{t.stock.anyStatus}</option>
            {STATUSES.map((s) => (
              <option key={s} value={s}>{t.status[s]}</option>
            ))}
          </NativeSelect>
        </Field>
        <Field id="f-category" label={t.stock.category}>
          <NativeSelect id="f-category" value={filters.category} onChange={(e) => setFilters({ category: e.target.value })}>
            <option value="">{t.stock.anyCategory}</option>
            {categoryOptions(lang).map((c) => (
              <option key={c.value} value={c.value}>{c.label}</option>
            ))}
          </NativeSelect>
        </Field>
        <Field id="f-gender" label={t.listing.fields.gender}>
          <NativeSelect id="f-gender" value={filters.gender} onChange={(e) => setFilters({ gender: e.target.value })}>
            <option value="">{t.stock.anyGender}</option>
            {genderOptions(lang).map((g) => <option key={g.value} value={g.value}>{g.label}</option>)}
          </NativeSelect>
        </Field>
        <Field id="f-brand" label={t.stock.brand}>
          <Input id="f-brand" value={brand} onChange={(e) => setBrand(e.target.value)} autoComplete="off" />
        </Field>
        <Field id="f-size" label={t.stock.size}>
          <Input id="f-size" value={size} onChange={(e) => setSize(e.target.value)} autoComplete="off" />
        </Field>
        <Field id="f-location" label={t.stock.location}>
          <Input id="f-location" value={location} onChange={(e) => setLocation(e.target.value)} placeholder={t.stock.locationPlaceholder} autoComplete="off" data-testid="stock-location" />
        </Field>
        <Field id="f-min" label={t.stock.minPrice} error={minError}>
          <Input id="f-min" inputMode="decimal" value={minP} aria-invalid={minError ? true : undefined} aria-describedby={minError ? 'f-min-error' : undefined} onChange={(e) => setMinP(e.target.value)} />
        </Field>
        <Field id="f-max" label={t.stock.maxPrice} error={maxError}>
          <Input id="f-max" inputMode="decimal" value={maxP} aria-invalid={maxError ? true : undefined} aria-describedby={maxError ? 'f-max-error' : undefined} onChange={(e) => setMaxP(e.target.value)} />
        </Field>
        {active > 0 && (
          <div className="col-span-full flex items-center justify-between gap-2 text-sm text-muted-foreground">
            <span>{t.stock.activeFilters(active)}</span>
            <Button variant="ghost" size="sm" onClick={clear}>
              <XIcon aria-hidden="true" />
              {t.stock.clearFilters}
            </Button>
          </div>
        )}
      </div>
    </div>
  );
}
