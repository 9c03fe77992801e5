import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api, type Schemas, unwrap } from '../../api/client.ts';
import { parseEuros } from '../../components/listing/form-state.ts';
import { Button } from '../../components/ui/button.tsx';
import { ErrorCallout } from '../../components/ui/feedback.tsx';
import { Input } from '../../components/ui/input.tsx';
import { useI18n } from '../../i18n/index.tsx';

/**
 * An order's margin in the ledger. A sale whose item had no purchase cost has none (the API says `margin: null`):
 * "—" and why, rather than a margin made of the whole price, and a box to enter the cost on the order, after which
 * the margin appears (0 is a real cost: a gift).
 */
export function MarginCell({ order }: { order: Pick<Schemas['Order'], 'id' | 'margin'> }) {
  const { t, money } = useI18n();
  const s = t.sales;
  const qc = useQueryClient();
  const [editing, setEditing] = useState(false);
  const [cost, setCost] = useState('');
  const save = useMutation({
    mutationFn: (value: number) => unwrap(api.PATCH('/orders/{id}', { params: { path: { id: order.id } }, body: { cost: value } })),
    onSuccess: () => {
      setEditing(false);
      // The ledger's margin and the Statistics totals both move.
      void qc.invalidateQueries({ queryKey: ['orders'] });
      void qc.invalidateQueries({ queryKey: ['analytics'] });
    },
  });
  if (order.margin !== null) return <>{money(order.margin)}</>;
  const parsed = parseEuros(cost);
  const inputId = `order-cost-${order.id}`;
  return (
    <div className="flex flex-col items-end gap-1" data-testid="margin-unknown">
      <span><span aria-hidden="true">—</span> <span className="text-xs text-muted-foreground">{s.costUnknown}</span></span>
      {editing ? (
        <form className="flex items-center gap-1" onSubmit={(e) => {
          e.preventDefault();
          // Unreadable text goes as typed: the API's 400 says what is wrong instead of a silent nothing.
          if (parsed !== null) save.mutate(Number.isNaN(parsed) ? (cost as unknown as number) : parsed);
        }}>
          <label htmlFor={inputId} className="sr-only">{s.costLabel}</label>
          <Input id={inputId} inputMode="decimal" className="h-8 w-20" value={cost} autoFocus onChange={(e) => setCost(e.target.value)} />
          <Button type="submit" size="sm" disabled={parsed === null || save.isPending}>{s.saveCost}</Button>
        </form>
      ) : (
        <Button size="sm" variant="ghost" onClick={() => setEditing(true)}>{s.enterCost}</Button>
      )}
      {save.isError && <ErrorCallout error={save.error} />}
    </div>
  );
}
