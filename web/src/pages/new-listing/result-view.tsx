import { RotateCcwIcon, SaveIcon } from 'lucide-react';
import { useMemo, useState } from 'react';
import { ApiImage } from '../../components/api-image.tsx';
import { changedFields, type ListingFormState, priceText } from '../../components/listing/form-state.ts';
import { ListingForm } from '../../components/listing/listing-form.tsx';
import { DuplicateWarnings, PriceSuggestionView, SaleScoreView } from '../../components/listing/price-score.tsx';
import { QualityChecklist } from '../../components/listing/quality-checklist.tsx';
import { Button } from '../../components/ui/button.tsx';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '../../components/ui/card.tsx';
import { Callout, ErrorCallout, useFieldIssues } from '../../components/ui/feedback.tsx';
import { Field, NativeSelect } from '../../components/ui/input.tsx';
import { useI18n } from '../../i18n/index.tsx';
import type { IngestResult } from './use-ingest.ts';

const PREVIEW_FIELDS: (keyof ListingFormState)[] = ['title', 'description', 'brand', 'size', 'category', 'condition', 'gender', 'colors', 'price'];

function formFromResult(r: IngestResult, lang: 'fr' | 'en'): ListingFormState {
  return {
    title: r.title,
    description: r.description,
    brand: r.brand ?? '',
    category: r.category_guess ?? '',
    size: r.size_guess ?? '',
    condition: r.condition ?? '',
    gender: r.gender ?? '',
    colors: [...r.colors],
    material: r.material ?? '',
    keywords: r.keywords.join(', '),
    hashtags: r.hashtags.map((h) => `#${h.replace(/^#/, '')}`).join(' '),
    price: priceText(r.price, lang),
    sold_price: '',
  };
}

/** Step two: the generated listing, every field editable, with its checks, price and score, then save. */
export function ResultView({ result, onSave, saving, saveError, onRestart }: {
  result: IngestResult;
  onSave(edits: Record<string, unknown>): void;
  saving: boolean;
  saveError: unknown;
  onRestart(): void;
}) {
  const { t, date, lang } = useI18n();
  const n = t.newListing;
  const original = useMemo(() => formFromResult(result, lang), [result, lang]);
  const [form, setForm] = useState(original);
  const [tone, setTone] = useState<string>(result.tone);
  const [language, setLanguage] = useState<string>(result.language);
  const errors = useFieldIssues(saveError);
  const prefixed = Object.fromEntries(Object.entries(errors).map(([k, v]) => [k.replace(/^edits\./, ''), v]));
  const save = () => {
    const edits: Record<string, unknown> = changedFields(form, original);
    for (const k of Object.keys(edits)) if (!PREVIEW_FIELDS.includes(k as keyof ListingFormState)) delete edits[k];
    if (tone !== result.tone) edits.tone = tone;
    if (language !== result.language) edits.language = language;
    onSave(edits);
  };
  const a = result.analysis;
  return (
    <div className="grid items-start gap-4 lg:grid-cols-[minmax(0,1fr)_22rem]" data-testid="ingest-result">
      <div className="min-w-0 space-y-4">
        <DuplicateWarnings matches={result.duplicate_of} />
        <Card>
          <CardHeader>
            <CardTitle>{n.result}</CardTitle>
            <CardDescription>{n.resultHint}</CardDescription>
          </CardHeader>
          <CardContent className="space-y-4">
            <ul className="flex gap-2 overflow-x-auto pb-1" aria-label={n.photosStored}>
              {result.photos.map((p, i) => (
                <li key={p.id} className="shrink-0">
                  <ApiImage src={p.thumb_url} alt={t.item.gallery.photo(i + 1, result.photos.length)} className="size-20 rounded-md sm:size-24" />
                </li>
              ))}
            </ul>
            <ListingForm value={form} onChange={(p) => setForm((f) => ({ ...f, ...p }))} errors={prefixed} idPrefix="new" only={PREVIEW_FIELDS} categorySuggestions={a.category_candidates} />
            <div className="grid gap-3 sm:grid-cols-2">
              <Field id="new-tone" label={n.tone}>
                <NativeSelect id="new-tone" value={tone} onChange={(e) => setTone(e.target.value)}>
                  {Object.entries(t.listing.tones).map(([k, v]) => <option key={k} value={k}>{v}</option>)}
                </NativeSelect>
              </Field>
              <Field id="new-language" label={n.language}>
                <NativeSelect id="new-language" value={language} onChange={(e) => setLanguage(e.target.value)}>
                  {Object.entries(t.listing.languages).map(([k, v]) => <option key={k} value={k}>{v}</option>)}
                </NativeSelect>
              </Field>
              {(tone !== result.tone || language !== result.language) && <p className="text-xs text-muted-foreground sm:col-span-2">{n.rewriteHint}</p>}
            </div>
            {saveError ? <ErrorCallout error={saveError} /> : null}
            <div className="flex flex-col-reverse gap-2 sm:flex-row sm:justify-end">
              <Button variant="ghost" onClick={onRestart} disabled={saving}>
                <RotateCcwIcon aria-hidden="true" />
                {n.restart}
              </Button>
              <Button onClick={save} disabled={saving} size="lg" data-testid="save-draft">
                <SaveIcon aria-hidden="true" />
                {saving ? n.savingDraft : n.saveDraft}
              </Button>
            </div>
            {result.preview_expires_at && <p className="text-right text-xs text-muted-foreground">{n.expires(date(result.preview_expires_at, true))}</p>}
          </CardContent>
        </Card>
      </div>
      <div className="min-w-0 space-y-4">
        <Card>
          <CardHeader>
            <CardTitle>{t.listing.gates.title}</CardTitle>
            <CardDescription>{n.gatesNote}</CardDescription>
          </CardHeader>
          <CardContent><QualityChecklist missing={result.flags.missing_fields} ready={result.flags.publish_ready} /></CardContent>
        </Card>
        <Card>
          <CardHeader><CardTitle>{t.listing.price.suggestion}</CardTitle></CardHeader>
          <CardContent>
            <PriceSuggestionView suggestion={result.price_suggestion} onUseTarget={(v) => setForm((f) => ({ ...f, price: priceText(v, lang) }))} />
          </CardContent>
        </Card>
        <Card>
          <CardHeader><CardTitle>{t.listing.score.title}</CardTitle></CardHeader>
          <CardContent><SaleScoreView score={result.estimated_sale_score} breakdown={result.sale_score_breakdown} /></CardContent>
        </Card>
        <Card>
          <CardHeader><CardTitle>{n.analysis}</CardTitle></CardHeader>
          <CardContent className="space-y-2 text-sm" data-testid="analysis-info">
            <p>{n.provider(t.settings.analysis.providers[a.provider] ?? a.provider, a.model, a.ms)}</p>
            {a.fallback_reason && <Callout variant="warning" title={n.fallback(a.fallback_reason)} />}
          </CardContent>
        </Card>
      </div>
    </div>
  );
}
