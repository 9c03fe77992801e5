import { useMutation } from '@tanstack/react-query';
import { WandIcon } from 'lucide-react';
import { useState } from 'react';
import { api, unwrap } from '../../api/client.ts';
import { Button } from '../../components/ui/button.tsx';
import { Callout, ErrorCallout } from '../../components/ui/feedback.tsx';
import { Field, NativeSelect } from '../../components/ui/input.tsx';
import { useI18n } from '../../i18n/index.tsx';

type Tone = 'pro' | 'amical' | 'fluide';
type Language = 'fr' | 'en' | 'es' | 'de';
export interface Variant {
  title: string;
  description: string;
  keywords: string[];
  hashtags: string[];
}

/** Another tone or language for the title and description, previewed; nothing changes until the seller picks it. */
export function VariantsPanel({ itemId, onUse }: { itemId: string; onUse(v: Variant): void }) {
  const { t, lang } = useI18n();
  const v = t.item.variants;
  const [tone, setTone] = useState<Tone>('pro');
  const [language, setLanguage] = useState<Language>(lang);
  const [used, setUsed] = useState(false);
  const gen = useMutation({
    mutationFn: () => unwrap(api.POST('/listings/{id}/variants', { params: { path: { id: itemId } }, body: { tone, language } })),
    onMutate: () => setUsed(false),
  });
  return (
    <div className="space-y-3 rounded-lg border p-3" data-testid="variants">
      <div>
        <p className="font-medium">{v.title}</p>
        <p className="text-xs text-muted-foreground">{v.explain}</p>
      </div>
      <div className="grid grid-cols-2 gap-2 sm:grid-cols-[1fr_1fr_auto] sm:items-end">
        <Field id="variant-tone" label={v.tone}>
          <NativeSelect id="variant-tone" value={tone} onChange={(e) => setTone(e.target.value as Tone)}>
            {Object.entries(t.listing.tones).map(([k, label]) => <option key={k} value={k}>{label}</option>)}
          </NativeSelect>
        </Field>
        <Field id="variant-language" label={v.language}>
          <NativeSelect id="variant-language" value={language} onChange={(e) => setLanguage(e.target.value as Language)}>
            {Object.entries(t.listing.languages).map(([k, label]) => <option key={k} value={k}>{label}</option>)}
          </NativeSelect>
        </Field>
        <Button variant="outline" onClick={() => gen.mutate()} disabled={gen.isPending} className="col-span-2 sm:col-span-1">
          <WandIcon aria-hidden="true" />
          {v.generate}
        </Button>
      </div>
      {gen.isError && <ErrorCallout error={gen.error} />}
      {gen.data && (
        <div className="space-y-2 rounded-md bg-muted/50 p-3 text-sm" aria-live="polite">
          <p className="break-words font-medium">{gen.data.title}</p>
          <p className="whitespace-pre-line break-words text-muted-foreground">{gen.data.description}</p>
          <Button
            size="sm"
            onClick={() => {
              onUse(gen.data);
              setUsed(true);
            }}
          >
            {v.use}
          </Button>
          {used && <Callout variant="success" title={v.used} />}
        </div>
      )}
    </div>
  );
}
