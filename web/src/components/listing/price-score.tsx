import { Link } from 'react-router';
import { CopyIcon } from 'lucide-react';
import { useI18n } from '../../i18n/index.tsx';
import { justificationText, scoreDetailText } from '../../lib/server-words.ts';
import { Button } from '../ui/button.tsx';
import { Callout } from '../ui/feedback.tsx';

export interface PriceSuggestion {
  min: number;
  target: number;
  max: number;
  justification: string;
}

/** `pending`: a new suggestion is on its way (the facts just changed), so the target shown is about to change. */
export function PriceSuggestionView({ suggestion, onUseTarget, pending = false }: { suggestion: PriceSuggestion | null; onUseTarget?: (v: number) => void; pending?: boolean }) {
  const { t, money, lang } = useI18n();
  const p = t.listing.price;
  // The server's sentence said again in the seller's language; a justification of another shape is the seller's own.
  const said = justificationText(suggestion?.justification, lang);
  if (!suggestion) return <p className="text-sm text-muted-foreground">{p.noSuggestion}</p>;
  return (
    <div className="space-y-2" data-testid="price-suggestion">
      <div className="flex flex-wrap items-baseline gap-x-3 gap-y-1">
        <span className="text-2xl font-semibold tabular-nums">{money(suggestion.target)}</span>
        <span className="text-sm text-muted-foreground">{p.range(money(suggestion.min), money(suggestion.max))}</span>
      </div>
      {/* A bar showing where the target sits between min and max. */}
      <div aria-hidden="true" className="relative h-2 rounded-full bg-muted">
        <div
          className="absolute top-1/2 size-3.5 -translate-x-1/2 -translate-y-1/2 rounded-full border-2 border-card bg-primary"
          style={{ left: `${suggestion.max > suggestion.min ? ((suggestion.target - suggestion.min) / (suggestion.max - suggestion.min)) * 100 : 50}%` }}
        />
      </div>
      {suggestion.justification && (
        <div>
          <p className="text-xs font-medium text-muted-foreground">{p.justification}</p>
          {said ? <p className="break-words text-sm" data-testid="price-justification">{said}</p> : <p className="break-words text-sm" translate="no" data-testid="price-justification">{suggestion.justification}</p>}
        </div>
      )}
      {onUseTarget && (
        <Button size="sm" variant="outline" disabled={pending} onClick={() => onUseTarget(suggestion.target)} data-testid="use-target-price">{p.useTarget}</Button>
      )}
    </div>
  );
}

export interface ScoreFactor {
  factor: string;
  points: number;
  max: number;
  detail: string;
}

export function SaleScoreView({ score, breakdown }: { score: number | null; breakdown?: ScoreFactor[] }) {
  const { t, lang } = useI18n();
  const s = t.listing.score;
  if (score === null) return <p className="text-sm text-muted-foreground">{s.none}</p>;
  const tone = score >= 70 ? 'bg-success' : score >= 45 ? 'bg-warning' : 'bg-destructive';
  return (
    <div className="space-y-3" data-testid="sale-score">
      <div className="flex items-center gap-3">
        <span className="text-2xl font-semibold tabular-nums">{s.outOf(score)}</span>
        <div className="h-2 flex-1 overflow-hidden rounded-full bg-muted" role="meter" aria-valuemin={0} aria-valuemax={100} aria-valuenow={score} aria-label={s.title}>
          <div className={`h-full ${tone}`} style={{ width: `${score}%` }} />
        </div>
      </div>
      {breakdown && breakdown.length > 0 && (
        <ul className="space-y-1.5">
          {breakdown.map((f) => (
            <li key={f.factor} className="text-sm">
              <div className="flex justify-between gap-2">
                <span className="font-medium">{s.factors[f.factor] ?? f.factor}</span>
                <span className="tabular-nums text-muted-foreground">{f.points} / {f.max}</span>
              </div>
              <div aria-hidden="true" className="mt-0.5 h-1.5 overflow-hidden rounded-full bg-muted">
                <div className="h-full bg-primary/70" style={{ width: `${f.max ? (f.points / f.max) * 100 : 0}%` }} />
              </div>
              {f.detail && scoreDetailText(f.factor, f.detail, lang) && <p className="text-xs text-muted-foreground">{scoreDetailText(f.factor, f.detail, lang)}</p>}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

export interface DuplicateRef {
  item_id: string;
  reason: string;
  score: number;
  /** For a photo match: `hash` (the same photo) or `lookalike` (re-cropped, re-framed or re-lit, by the garment embedding). */
  check?: string;
}

export function DuplicateWarnings({ matches }: { matches: DuplicateRef[] }) {
  const { t } = useI18n();
  const d = t.listing.duplicates;
  if (!matches.length) return null;
  return (
    <Callout variant="warning" title={d.warning} icon={CopyIcon}>
      <ul className="space-y-1" data-testid="duplicate-list">
        {matches.map((m) => (
          <li key={`${m.item_id}-${m.reason}`} className="flex flex-wrap items-center gap-x-2">
            <Link to={`/stock/${m.item_id}`} className="font-medium text-primary underline-offset-2 hover:underline">{d.open}</Link>
            <span>— {(m.check && d.check[m.check]) || (d.reason[m.reason] ?? m.reason)}, {d.score(m.score)}</span>
          </li>
        ))}
      </ul>
    </Callout>
  );
}
