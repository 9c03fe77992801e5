import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { BrainIcon } from 'lucide-react';
import { useState } from 'react';
import { api, unwrap } from '../../api/client.ts';
import { Button } from '../../components/ui/button.tsx';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '../../components/ui/card.tsx';
import { ConfirmDialog } from '../../components/ui/dialog.tsx';
import { ErrorCallout } from '../../components/ui/feedback.tsx';
import { useToast } from '../../components/ui/toast.tsx';
import { useI18n } from '../../i18n/index.tsx';
import { categoryLabel } from '../../lib/vocabulary.ts';

/** "Mémoire de vos articles": what the offline analyser remembers of the seller's confirmed items, and the reset. */
export function MemoryCard() {
  const { t, lang } = useI18n();
  const s = t.memory;
  const qc = useQueryClient();
  const toast = useToast();
  const [confirm, setConfirm] = useState(false);
  const memory = useQuery({ queryKey: ['analysis', 'memory'], queryFn: ({ signal }) => unwrap(api.GET('/analysis/memory', { signal })) });
  const reset = useMutation({
    mutationFn: () => unwrap(api.DELETE('/analysis/memory')),
    onSuccess: (r) => {
      setConfirm(false);
      toast({ title: s.forgotten(r.forgotten), variant: 'success' });
      void qc.invalidateQueries({ queryKey: ['analysis', 'memory'] });
    },
  });
  const m = memory.data;
  return (
    <Card data-testid="memory-card">
      <CardHeader>
        <CardTitle>{s.title}</CardTitle>
        <CardDescription>{s.explain}</CardDescription>
      </CardHeader>
      <CardContent className="space-y-3">
        {m && <p className="text-sm" data-testid="memory-count">{s.count(m.photos, m.items)}</p>}
        {m && m.photos > 0 && <p className="text-xs text-muted-foreground" data-testid="memory-trust">{s.trust(Math.round(m.trust * 100))}</p>}
        {m && m.categories.length > 0 && (
          <p className="text-xs text-muted-foreground">{m.categories.slice(0, 6).map((c) => `${categoryLabel(c.category, lang)} ${c.photos}`).join(' · ')}</p>
        )}
        {(memory.error || reset.error) && <ErrorCallout error={memory.error ?? reset.error} />}
        <Button type="button" variant="outline" onClick={() => setConfirm(true)} disabled={!m?.photos || reset.isPending} data-testid="memory-reset">
          <BrainIcon aria-hidden /> {s.reset}
        </Button>
        <ConfirmDialog open={confirm} onOpenChange={setConfirm} title={s.confirmTitle} description={s.confirmText} confirmLabel={s.reset} destructive busy={reset.isPending} onConfirm={() => reset.mutate()} />
      </CardContent>
    </Card>
  );
}
