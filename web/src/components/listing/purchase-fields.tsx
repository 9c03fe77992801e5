import { Field, Input } from '../ui/input.tsx';
import { useI18n } from '../../i18n/index.tsx';
import type { Schemas } from '../../api/client.ts';
import { marginOf, type PurchaseFormState } from './purchase-state.ts';

/**
 * The "Purchase and storage" part of the item form: what the seller paid, when and where they got it, their reference
 * and where it waits. Never sent to Vinted; saved with the item's other fields. A sold item shows its margin from the
 * saved figures (not the boxes being typed), the same number the Sales and Statistics pages count.
 */
export function PurchaseFields({ value, onChange, errors = {}, item, idPrefix = 'item' }: {
  value: PurchaseFormState;
  onChange(patch: Partial<PurchaseFormState>): void;
  errors?: Record<string, string>;
  item: Pick<Schemas['Item'], 'status' | 'sold_price' | 'purchase_cost'>;
  idPrefix?: string;
}) {
  const { t, money } = useI18n();
  const p = t.item.purchase;
  const id = (k: string) => `${idPrefix}-${k}`;
  const aria = (k: string) => ({ 'aria-invalid': errors[k] ? true : undefined, 'aria-describedby': errors[k] ? `${id(k)}-error` : `${id(k)}-hint` });
  const margin = marginOf(item);
  // The date picker stops at today: a purchase is never in the future (the API says so too).
  const today = new Date().toISOString().slice(0, 10);
  return (
    <section aria-labelledby={id('purchase-title')} className="space-y-3 border-t pt-4" data-testid="purchase-section">
      <div>
        <h3 id={id('purchase-title')} className="text-base font-semibold">{p.title}</h3>
        <p className="text-xs text-muted-foreground">{p.explain}</p>
      </div>
      <div className="grid gap-4 sm:grid-cols-2">
        <Field id={id('purchase_cost')} label={p.cost} error={errors.purchase_cost} hint={p.costHint}>
          <Input id={id('purchase_cost')} inputMode="decimal" value={value.purchase_cost} onChange={(e) => onChange({ purchase_cost: e.target.value })} {...aria('purchase_cost')} />
        </Field>
        <Field id={id('acquired_at')} label={p.acquiredAt} error={errors.acquired_at}>
          <Input id={id('acquired_at')} type="date" max={today} value={value.acquired_at} onChange={(e) => onChange({ acquired_at: e.target.value })} {...aria('acquired_at')} />
        </Field>
        <Field id={id('source')} label={p.source} error={errors.source}>
          <Input id={id('source')} maxLength={100} value={value.source} placeholder={p.sourcePlaceholder} onChange={(e) => onChange({ source: e.target.value })} {...aria('source')} />
        </Field>
        <Field id={id('sku')} label={p.sku} error={errors.sku} hint={p.skuHint}>
          <Input id={id('sku')} maxLength={40} value={value.sku} autoComplete="off" spellCheck={false} onChange={(e) => onChange({ sku: e.target.value })} {...aria('sku')} />
        </Field>
        <Field id={id('storage_location')} label={p.location} error={errors.storage_location} hint={p.locationHint} className="sm:col-span-2">
          <Input id={id('storage_location')} maxLength={60} value={value.storage_location} placeholder={p.locationPlaceholder} onChange={(e) => onChange({ storage_location: e.target.value })} {...aria('storage_location')} />
        </Field>
      </div>
      {item.status === 'sold' && (
        <p className="rounded-md bg-muted/60 px-3 py-2 text-sm" data-testid="item-margin" role="status">
          {margin !== null ? (
            <>
              <span className="font-medium">{p.margin} </span>
              <span className={margin < 0 ? 'font-semibold text-destructive tabular-nums' : 'font-semibold tabular-nums'}>{money(margin)}</span>
              <span className="text-muted-foreground"> ({p.marginText(money(item.sold_price), money(item.purchase_cost))})</span>
            </>
          ) : p.marginNeedsCost}
        </p>
      )}
    </section>
  );
}
