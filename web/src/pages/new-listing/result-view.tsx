import type { Defect } from '@vintedbot/catalog';
import { InfoIcon, RotateCcwIcon, SaveIcon } from 'lucide-react';
import { useEffect, useMemo, useRef, useState } from 'react';
import { api, type Schemas, unwrap } from '../../api/client.ts';
import { ApiImage } from '../../components/api-image.tsx';
import { changedFields, type ListingFormState, priceText, toApiFields } from '../../components/listing/form-state.ts';
import { ListingForm } from '../../components/listing/listing-form.tsx';
import { DuplicateWarnings, PriceSuggestionView, SaleScoreView } from '../../components/listing/price-score.tsx';
import { QualityChecklist } from '../../components/listing/quality-checklist.tsx';
import { Button } from '../../components/ui/button.tsx';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '../../components/ui/card.tsx';
import { Callout, ErrorCallout, useFieldIssues } from '../../components/ui/feedback.tsx';
import { Field, NativeSelect } from '../../components/ui/input.tsx';
import { useI18n } from '../../i18n/index.tsx';
import { categoryLabel, colourLabel } from '../../lib/vocabulary.ts';
import { conditionCapNote } from './condition-cap.ts';
import { DefectsEditor } from './defects-editor.tsx';
import type { IngestResult, SkippedPhoto } from './use-ingest.ts';

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

// What the analysis found that changes the text: editing one of these re-composes the preview (debounced). The
// condition too, but apart: the field shows the condition the defects leave (the composed one), so what is sent is
// the seller's own pick (`ConditionPick`), or nothing and the preview's, never the capped value shown.
const FACT_FIELDS = ['brand', 'size', 'category', 'gender', 'colors'] as const;
// What the seller may write by hand: once touched, a re-composition leaves it as the seller wrote it, and checks
// and scores it as written (a price typed re-scores the listing, a title typed is checked).
const TEXT_FIELDS = ['title', 'description', 'price', 'keywords', 'hashtags'] as const;
type TextField = (typeof TEXT_FIELDS)[number];
const COMPOSE_DELAY_MS = 400;

type Composed = Schemas['ComposedListing'];
/** The condition the seller picked on this page ('' for none), numbered so picking again re-composes; null: the preview's. */
type ConditionPick = { value: string; n: number } | null;

/** The facts (and the hand-written text) as the compose endpoint takes them. */
function composeEdits(form: ListingFormState, touched: Set<TextField>, tone: string, language: string, defects: Defect[], pick: ConditionPick): Record<string, unknown> {
  const body = toApiFields(form) as Record<string, unknown>;
  const edits: Record<string, unknown> = { tone, language, defects };
  for (const k of FACT_FIELDS) edits[k] = body[k];
  if (pick) edits.condition = pick.value || null;
  for (const k of touched) if (body[k] !== undefined && body[k] !== null && !(typeof body[k] === 'number' && Number.isNaN(body[k]))) edits[k] = body[k];
  if (typeof edits.price !== 'number' || (edits.price as number) < 1) delete edits.price;
  if (typeof edits.title === 'string' && !(edits.title as string).trim()) delete edits.title;
  return edits;
}

/** Step two: the generated listing, every field editable; the text, price, checks and score follow the facts as the seller edits them; save keeps what is shown. */
export function ResultView({ result, skipped = [], onSave, saving, saveError, onRestart }: {
  result: IngestResult;
  skipped?: SkippedPhoto[];
  onSave(edits: Record<string, unknown>): void;
  saving: boolean;
  saveError: unknown;
  onRestart(): void;
}) {
  const { t, date, lang, errorText, money } = useI18n();
  const n = t.newListing;
  const original = useMemo(() => formFromResult(result, lang), [result, lang]);
  const [form, setForm] = useState(original);
  const [tone, setTone] = useState<string>(result.tone);
  const [language, setLanguage] = useState<string>(result.language);
  const [touched, setTouched] = useState<Set<TextField>>(() => new Set());
  const [defects, setDefects] = useState<Defect[]>(() => (result.defects ?? []) as Defect[]);
  const [conditionPick, setConditionPick] = useState<ConditionPick>(null);
  const [composed, setComposed] = useState<Composed | null>(null);
  const [composing, setComposing] = useState(false);
  const [composeError, setComposeError] = useState<unknown>(null);
  const errors = useFieldIssues(saveError);
  const prefixed = Object.fromEntries(Object.entries(errors).map(([k, v]) => [k.replace(/^edits\./, ''), v]));
  // The facts (and tone, language, and what the seller wrote by hand) as a key: a change of one re-composes the
  // preview after a pause in the typing. Text the compose wrote is not in it: taking its answer back re-composes nothing.
  const factsKey = JSON.stringify([FACT_FIELDS.map((k) => form[k]), conditionPick, TEXT_FIELDS.map((k) => (touched.has(k) ? form[k] : null)), tone, language, defects]);
  const firstRun = useRef(true);
  const latest = useRef({ form, touched, tone, language, defects, conditionPick });
  latest.current = { form, touched, tone, language, defects, conditionPick };
  useEffect(() => {
    if (firstRun.current) {
      firstRun.current = false;
      return;
    }
    if (!result.preview_token) return;
    const ctrl = new AbortController();
    // Pending from the first keystroke: until the answer is in, what is shown is not yet what would be saved.
    setComposing(true);
    const timer = setTimeout(async () => {
      const now = latest.current;
      try {
        const c = await unwrap(api.POST('/ingest/compose', { body: { preview_token: result.preview_token!, edits: composeEdits(now.form, now.touched, now.tone, now.language, now.defects, now.conditionPick) } as never, signal: ctrl.signal }));
        // Overtaken by a later edit while the answer was on its way: the later compose answers.
        if (ctrl.signal.aborted) return;
        setComposeError(null);
        setComposed(c);
        // What the seller did not write by hand follows the facts; the condition is the one the defects leave.
        setForm((f) => {
          const next = { ...f, condition: c.condition ?? '' };
          const cur = latest.current.touched;
          if (!cur.has('title')) next.title = c.title;
          if (!cur.has('description')) next.description = c.description;
          if (!cur.has('price')) next.price = priceText(c.price, lang);
          if (!cur.has('keywords')) next.keywords = c.keywords.join(', ');
          if (!cur.has('hashtags')) next.hashtags = c.hashtags.map((h) => `#${h.replace(/^#/, '')}`).join(' ');
          return next;
        });
      } catch (e) {
        if (!ctrl.signal.aborted) setComposeError(e);
      } finally {
        if (!ctrl.signal.aborted) setComposing(false);
      }
    }, COMPOSE_DELAY_MS);
    return () => {
      clearTimeout(timer);
      ctrl.abort();
    };
    // Only the facts: typing a title by hand does not re-compose.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [factsKey, result.preview_token]);
  const edit = (p: Partial<ListingFormState>) => {
    const hand = TEXT_FIELDS.filter((k) => k in p);
    if (hand.length) setTouched((s) => new Set([...s, ...hand]));
    if (p.condition !== undefined) setConditionPick((c) => ({ value: p.condition!, n: (c?.n ?? 0) + 1 }));
    setForm((f) => ({ ...f, ...p }));
  };
  const save = () => {
    // What the seller sees is what is saved: the text and price as shown, and every fact changed.
    const edits: Record<string, unknown> = changedFields(form, original);
    for (const k of Object.keys(edits)) if (!PREVIEW_FIELDS.includes(k as keyof ListingFormState) && !['keywords', 'hashtags'].includes(k)) delete edits[k];
    if (tone !== result.tone) edits.tone = tone;
    if (language !== result.language) edits.language = language;
    if (JSON.stringify(defects) !== JSON.stringify(result.defects ?? [])) edits.defects = defects;
    // The condition as shown, the defects' cap included (the server caps it the same way, so it stays as shown).
    edits.condition = toApiFields(form).condition;
    onSave(edits);
  };
  const flags = composed?.flags ?? result.flags;
  // Why the condition shown is lower than the one given: from the answer the field took its condition from.
  const capNote = conditionCapNote(composed ? composed.condition : result.condition, (composed ? composed.defects : result.defects ?? []) as Defect[], lang, n.defects, n.conditionCapped);
  const suggestion = composed?.price_suggestion ?? result.price_suggestion;
  const score = composed ? { value: composed.estimated_sale_score, breakdown: composed.sale_score_breakdown } : { value: result.estimated_sale_score, breakdown: result.sale_score_breakdown };
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
            {skipped.length > 0 && (
              <Callout variant="warning" title={n.skipped(skipped.length)} className="text-left">
                <ul className="list-disc pl-4" data-testid="skipped-photos">
                  {skipped.map((f) => <li key={f.name} className="break-all"><span className="font-medium text-foreground" translate="no">{f.name}</span> — {errorText(f.code)}</li>)}
                </ul>
              </Callout>
            )}
            <ListingForm value={form} onChange={edit} errors={prefixed} idPrefix="new" only={PREVIEW_FIELDS} categorySuggestions={a.category_candidates} />
            {/* The condition field's description (its aria-describedby names new-condition-hint). */}
            {capNote && (
              <p id="new-condition-hint" className="flex items-start gap-1.5 text-xs text-muted-foreground" data-testid="condition-capped">
                <InfoIcon aria-hidden="true" className="mt-px size-3.5 shrink-0" />{capNote}
              </p>
            )}
            <DefectsEditor value={defects} photoCount={result.photos.length} onChange={setDefects} />
            <p className="min-h-4 text-xs text-muted-foreground" aria-live="polite" data-testid="compose-state">{composing ? n.recomposing : composed ? n.recomposed : ''}</p>
            {composeError ? <ErrorCallout error={composeError} /> : null}
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

            </div>
            {saveError ? <ErrorCallout error={saveError} /> : null}
            {/* On a phone the suggestion and the score come after this card: their gist here, before the seller saves. */}
            {(suggestion || score.value !== null) && (
              <p className="text-sm text-muted-foreground lg:hidden" data-testid="phone-summary">{n.phoneSummary(suggestion ? money(suggestion.target) : null, score.value)}</p>
            )}
            <div className="flex flex-col-reverse gap-2 sm:flex-row sm:justify-end">
              <Button variant="ghost" onClick={onRestart} disabled={saving}>
                <RotateCcwIcon aria-hidden="true" />
                {n.restart}
              </Button>
              <Button onClick={save} disabled={saving || composing} size="lg" data-testid="save-draft">
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
          <CardContent><QualityChecklist missing={flags.missing_fields} ready={flags.publish_ready} warnings={flags.warnings ?? []} /></CardContent>
        </Card>
        <Card>
          <CardHeader><CardTitle>{t.listing.price.suggestion}</CardTitle></CardHeader>
          <CardContent>
            <PriceSuggestionView suggestion={suggestion} pending={composing} onUseTarget={(v) => edit({ price: priceText(v, lang) })} />
          </CardContent>
        </Card>
        <Card>
          <CardHeader><CardTitle>{t.listing.score.title}</CardTitle></CardHeader>
          <CardContent><SaleScoreView score={score.value} breakdown={score.breakdown} /></CardContent>
        </Card>
        <Card>
          <CardHeader><CardTitle>{n.analysis}</CardTitle></CardHeader>
          <CardContent className="space-y-2 text-sm" data-testid="analysis-info">
            <p>{n.provider(t.settings.analysis.providers[a.provider] ?? a.provider, a.model, a.ms)}</p>
            {(a.decisions ?? []).map((d) => (
              <p key={d.field} data-testid={`memory-decision-${d.field}`}>
                {d.field === 'category' ? n.memoryCategory(d.params.count, categoryLabel(d.params.value, lang)) : n.memoryColour(d.params.count, colourLabel(d.params.value, lang))}
              </p>
            ))}
            {a.fallback_reason && (
              <Callout variant="warning" title={n.fallback}>
                <details className="text-xs">
                  <summary className="cursor-pointer">{t.common.details}</summary>
                  <p className="break-words font-mono" translate="no" lang="en">{a.fallback_reason}</p>
                </details>
              </Callout>
            )}
          </CardContent>
        </Card>
      </div>
    </div>
  );
}
