import { useEffect, useState } from 'react';
import { useNavigate } from 'react-router';
import { parseEuros, priceText } from '../../components/listing/form-state.ts';
import { ConfirmDialog } from '../../components/ui/dialog.tsx';
import { ErrorCallout } from '../../components/ui/feedback.tsx';
import { Field, Input } from '../../components/ui/input.tsx';
import { useToast } from '../../components/ui/toast.tsx';
import { useI18n } from '../../i18n/index.tsx';
import { type Item, useMarkSold } from './use-item.ts';

/** "Vendu": asks what the buyer paid (the listing price to start with), then marks the item sold. */
export function SoldDialog({ item, open, onOpenChange }: { item: Item; open: boolean; onOpenChange(o: boolean): void }) {
  const { t, lang, money } = useI18n();
  const s = t.item.sold;
  const toast = useToast();
  const navigate = useNavigate();
  const sold = useMarkSold(item.id);
  const [price, setPrice] = useState(priceText(item.sold_price ?? item.price, lang));
  useEffect(() => {
    if (open) {
      setPrice(priceText(item.sold_price ?? item.price, lang));
      sold.reset();
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [open]);
  const value = parseEuros(price);
  const bad = value !== null && (Number.isNaN(value) || value < 1);
  const confirm = () => {
    if (bad) return;
    sold.mutate(value, {
      onSuccess: (r) => {
        onOpenChange(false);
        toast({ title: s.done(money(r.item.sold_price)), variant: 'success', action: { label: s.seeSales, onClick: () => navigate('/ventes') } });
      },
    });
  };
  return (
    <ConfirmDialog open={open} onOpenChange={onOpenChange} title={s.title} description={s.text} confirmLabel={s.mark} busy={sold.isPending || bad} onConfirm={confirm}>
      <form onSubmit={(e) => { e.preventDefault(); confirm(); }} data-testid="sold-dialog">
        <Field id="sold-price" label={s.price} error={bad ? s.priceInvalid : undefined}>
          <Input id="sold-price" inputMode="decimal" autoFocus value={price} onChange={(e) => setPrice(e.target.value)} aria-invalid={bad || undefined} />
        </Field>
      </form>
      {sold.isError && <ErrorCallout error={sold.error} />}
    </ConfirmDialog>
  );
}
