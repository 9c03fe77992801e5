import { useQuery } from '@tanstack/react-query';
import { PauseCircleIcon, TrendingDownIcon } from 'lucide-react';
import { useEffect, useState } from 'react';
import { CartesianGrid, Line, LineChart, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { api, unwrap } from '../../api/client.ts';
import { parseEuros, priceText } from '../../components/listing/form-state.ts';
import { Button } from '../../components/ui/button.tsx';
import { Switch } from '../../components/ui/controls.tsx';
import { ErrorCallout, useFieldIssues } from '../../components/ui/feedback.tsx';
import { Field, Input, Label } from '../../components/ui/input.tsx';
import { Skeleton } from '../../components/ui/skeleton.tsx';
import { useI18n } from '../../i18n/index.tsx';
import { euroTick } from '../../lib/chart.ts';
import { usePricingSettings } from './pricing-hooks.ts';
import type { Item } from './use-item.ts';
import { usePatchItem } from './use-item.ts';

/** A daily rate as the seller types it, in percent with their decimal mark ("7,5" in French). */
const rateText = (r: number | null, lang: 'fr' | 'en') => (r === null ? '' : String(Math.round(r * 1000) / 10).replace('.', lang === 'fr' ? ',' : '.'));

/** Per-item auto-drop (on/off, daily rate, floor) and the 30-day path the scheduler would follow. */
export function AutoDropPanel({ item }: { item: Item }) {
  const { t, number, lang, money } = useI18n();
  const a = t.item.autoDrop;
  const settings = usePricingSettings();
  const patch = usePatchItem(item.id);
  const [rate, setRate] = useState(rateText(item.drop_rate, lang));
  const [floor, setFloor] = useState(priceText(item.floor, lang));
  // The switch is saved with the rate and the floor, by the one button, like every field of the card.
  const [on, setOn] = useState(item.auto_drop);
  useEffect(() => {
    setRate(rateText(item.drop_rate, lang));
    setFloor(priceText(item.floor, lang));
    setOn(item.auto_drop);
  }, [item.drop_rate, item.floor, item.auto_drop, lang]);
  const defaultRate = settings.data?.drop_rate ?? 0.05;
  const rateValue = rate.trim() ? Number(rate.replace(',', '.')) / 100 : null;
  const floorValue = parseEuros(floor);
  const dirty = rateValue !== item.drop_rate || floorValue !== item.floor || on !== item.auto_drop;
  const issues = useFieldIssues(patch.error);
  const simRate = rateValue && rateValue > 0 && rateValue <= 0.5 ? rateValue : defaultRate;
  // The floor typed here, else the suggested minimum; without either the scheduler leaves the item alone (plan
  // no_floor) unless the settings let such items drop to min_floor, so there is no path to draw.
  const ownFloor = floorValue && floorValue >= 1 ? floorValue
    : (item.price_suggestion?.min ?? (settings.data?.without_floor === 'min_floor' ? settings.data.min_floor : null));
  const simFloor = Math.max(ownFloor ?? 1, settings.data?.min_floor ?? 1);
  const price = item.price;
  const sim = useQuery({
    queryKey: ['pricing', 'simulate', price, simFloor, simRate, settings.data?.rounding],
    // Without the settings (an older server) the simulation still runs on the usual defaults.
    enabled: price !== null && price >= 1 && ownFloor !== null && !settings.isPending,
    queryFn: ({ signal }) => unwrap(api.POST('/pricing/simulate', {
      body: { initial_price: price!, min_price: Math.min(simFloor, price!), rate: simRate, days: 30, rounding: settings.data?.rounding ?? 'cents' },
      signal,
    })),
  });
  const floorDay = sim.data?.find((p) => p.at_floor)?.day;
  const plan = item.auto_drop_plan;
  const planText = !plan ? null
    : plan.will_drop && plan.next_price !== null && plan.floor !== null ? a.plan.drops(money(plan.next_price), money(plan.floor))
      : plan.reason === 'at_floor' ? a.plan.at_floor(money(plan.floor))
        : plan.reason === 'drops' ? null : a.plan[plan.reason];
  return (
    <div className="space-y-4">
      {planText && (
        <p className={`flex items-start gap-2 rounded-md p-2 text-sm ${plan?.will_drop ? 'bg-accent/60' : 'bg-muted'}`} data-testid="auto-drop-plan" data-will-drop={plan?.will_drop ? 'true' : 'false'}>
          {plan?.will_drop ? <TrendingDownIcon aria-hidden="true" className="mt-0.5 size-4 shrink-0" /> : <PauseCircleIcon aria-hidden="true" className="mt-0.5 size-4 shrink-0" />}
          {planText}
        </p>
      )}
      <div className="flex items-start justify-between gap-3">
        <div>
          <Label htmlFor="auto-drop">{a.enabled}</Label>
          <p className="mt-1 text-xs text-muted-foreground">{a.enabledHint}</p>
        </div>
        <Switch id="auto-drop" checked={on} disabled={patch.isPending} onCheckedChange={setOn} />
      </div>
      <div className="grid grid-cols-2 gap-3">
        <Field id="drop-rate" label={a.rate} hint={a.rateHint(`${number(defaultRate * 100, 1)} %`)} error={issues.drop_rate}>
          <Input id="drop-rate" inputMode="decimal" value={rate} placeholder={number(defaultRate * 100, 1)} onChange={(e) => setRate(e.target.value)} />
        </Field>
        <Field id="drop-floor" label={a.floor} hint={a.floorHint} error={issues.floor}>
          <Input id="drop-floor" inputMode="decimal" value={floor} placeholder={item.price_suggestion ? number(item.price_suggestion.min, 2) : ''} onChange={(e) => setFloor(e.target.value)} />
        </Field>
      </div>
      {dirty && (
        <div className="flex flex-wrap items-center gap-2">
          <Button size="sm" disabled={patch.isPending} onClick={() => patch.mutate({ auto_drop: on, drop_rate: rateValue, floor: floorValue })} data-testid="auto-drop-save">
            {patch.isPending ? t.common.saving : t.common.save}
          </Button>
          <span className="text-xs text-muted-foreground" role="status">{t.settings.pricing.unsaved}</span>
        </div>
      )}
      {patch.isError && !Object.keys(issues).length && <ErrorCallout error={patch.error} />}
      <div>
        <p className="mb-2 text-sm font-medium">{a.simulate}</p>
        {price === null ? (
          <p className="text-sm text-muted-foreground">{a.simulateNeedsPrice}</p>
        ) : ownFloor === null && !settings.isPending ? (
          <p className="text-sm text-muted-foreground" data-testid="drop-simulation-needs-floor">{a.simulateNeedsFloor}</p>
        ) : sim.isError ? (
          <ErrorCallout error={sim.error} onRetry={() => sim.refetch()} />
        ) : !sim.data ? (
          <Skeleton className="h-44 w-full" />
        ) : (
          <>
            <div className="h-44 w-full" role="img" aria-label={a.chartLabel} data-testid="drop-simulation">
              <ResponsiveContainer width="100%" height="100%">
                <LineChart data={sim.data} margin={{ top: 8, right: 12, bottom: 0, left: 0 }}>
                  <CartesianGrid strokeDasharray="3 3" stroke="var(--border)" />
                  <XAxis dataKey="day" tick={{ fontSize: 11, fill: 'var(--muted-foreground)' }} />
                  <YAxis width={52} tickFormatter={(v) => euroTick(Number(v), lang)} tick={{ fontSize: 11, fill: 'var(--muted-foreground)' }} domain={['auto', 'auto']} />
                  <Tooltip
                    formatter={(v) => money(Number(v))}
                    labelFormatter={(d) => `${a.day} ${d}`}
                    contentStyle={{ background: 'var(--popover)', border: '1px solid var(--border)', borderRadius: 8 }}
                  />
                  <ReferenceLine y={Math.min(simFloor, price)} stroke="var(--destructive)" strokeDasharray="4 4" />
                  <Line type="monotone" dataKey="price" stroke="var(--chart-2)" strokeWidth={2} dot={false} isAnimationActive={false} />
                </LineChart>
              </ResponsiveContainer>
            </div>
            <p className="mt-1 text-xs text-muted-foreground">{floorDay !== undefined ? a.reachesFloor(floorDay) : a.neverFloor}</p>
          </>
        )}
      </div>
    </div>
  );
}
