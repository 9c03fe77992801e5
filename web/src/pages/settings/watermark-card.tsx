import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { api, unwrap } from '../../api/client.ts';
import { Button } from '../../components/ui/button.tsx';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '../../components/ui/card.tsx';
import { Switch } from '../../components/ui/controls.tsx';
import { ErrorCallout } from '../../components/ui/feedback.tsx';
import { Field, Input, NativeSelect } from '../../components/ui/input.tsx';
import { useToast } from '../../components/ui/toast.tsx';
import { useI18n } from '../../i18n/index.tsx';

const POSITIONS = ['bottom-right', 'bottom-left', 'top-right', 'top-left', 'center'] as const;
type Stamp = { enabled: boolean; text: string; position: (typeof POSITIONS)[number]; opacity: number };

/** "Tampon de la boutique": the optional text stamp on photos sent to Vinted and exported (off by default). */
export function WatermarkCard() {
  const { t } = useI18n();
  const s = t.studio.watermark;
  const qc = useQueryClient();
  const toast = useToast();
  const stamp = useQuery({ queryKey: ['settings', 'watermark'], queryFn: ({ signal }) => unwrap(api.GET('/settings/watermark', { signal })) });
  const [form, setForm] = useState<Stamp | null>(null);
  useEffect(() => { if (stamp.data) setForm(stamp.data as Stamp); }, [stamp.data]);
  const save = useMutation({
    mutationFn: (v: Stamp) => unwrap(api.PUT('/settings/watermark', { body: v })),
    onSuccess: (v) => {
      qc.setQueryData(['settings', 'watermark'], v);
      toast({ title: s.saved, variant: 'success' });
    },
  });
  return (
    <Card data-testid="watermark-card">
      <CardHeader>
        <CardTitle>{s.title}</CardTitle>
        <CardDescription>{s.explain}</CardDescription>
      </CardHeader>
      <CardContent className="space-y-3">
        {form && (
          <>
            <label className="flex items-center gap-2 text-sm" htmlFor="wm-enabled">
              <Switch id="wm-enabled" checked={form.enabled} onCheckedChange={(c) => setForm({ ...form, enabled: c })} />
              {s.enabled}
            </label>
            <div className="grid gap-3 sm:grid-cols-3">
              <Field id="wm-text" label={s.text}>
                <Input id="wm-text" maxLength={40} value={form.text} onChange={(e) => setForm({ ...form, text: e.target.value })} />
              </Field>
              <Field id="wm-position" label={s.position}>
                <NativeSelect id="wm-position" value={form.position} onChange={(e) => setForm({ ...form, position: e.target.value as Stamp['position'] })}>
                  {POSITIONS.map((p) => <option key={p} value={p}>{s.positions[p]}</option>)}
                </NativeSelect>
              </Field>
              <Field id="wm-opacity" label={`${s.opacity} (${Math.round(form.opacity * 100)} %)`}>
                <input id="wm-opacity" type="range" min={5} max={100} value={Math.round(form.opacity * 100)} onChange={(e) => setForm({ ...form, opacity: Number(e.target.value) / 100 })} className="h-9 w-full accent-primary" />
              </Field>
            </div>
            <Button onClick={() => save.mutate(form)} disabled={save.isPending}>{s.save}</Button>
          </>
        )}
        {(stamp.isError || save.isError) && <ErrorCallout error={stamp.error ?? save.error} />}
      </CardContent>
    </Card>
  );
}
