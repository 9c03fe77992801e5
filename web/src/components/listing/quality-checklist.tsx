import { CircleAlertIcon, CircleCheckIcon, CircleXIcon } from 'lucide-react';
import { useI18n } from '../../i18n/index.tsx';
import { cn } from '../../lib/utils.ts';

// Each check a seller reads, and the gate codes (server: listings/quality-gates.ts) that fail it.
const CHECKS = [
  ['title', ['title_too_long', 'title_too_short']],
  ['description', ['description_too_short', 'description_too_long']],
  ['hashtags', ['hashtags_count']],
  ['clean', ['emoji_found', 'marketing_phrase']],
  ['details', ['missing_brand', 'missing_size', 'missing_condition', 'missing_category']],
  ['price', ['missing_price']],
  ['photos', ['too_few_photos', 'too_many_photos']],
] as const;

/**
 * The quality gates as a checklist: what passes, and for what fails, what to fix in plain words. `warnings` are
 * advice that does not block (fewer than 3 photos): shown under their check, without marking it failed.
 */
export function QualityChecklist({ missing, ready, warnings = [] }: { missing: string[]; ready: boolean; warnings?: string[] }) {
  const { t } = useI18n();
  const g = t.listing.gates;
  const known = new Set<string>(CHECKS.flatMap(([, codes]) => codes));
  const unknown = missing.filter((m) => !known.has(m));
  return (
    <div className="space-y-3" data-testid="quality-checklist">
      <p className={cn('text-sm font-medium', ready ? 'text-success' : 'text-foreground')} role="status">
        {ready ? g.ready : g.notReady(missing.length)}
      </p>
      <ul className="space-y-2">
        {CHECKS.map(([check, codes]) => {
          const failing = codes.filter((c) => missing.includes(c));
          const ok = failing.length === 0;
          return (
            <li key={check} className="flex gap-2 text-sm" data-gate={check} data-ok={ok}>
              {ok ? (
                <CircleCheckIcon aria-label={g.ok} className="mt-0.5 size-4 shrink-0 text-success" />
              ) : (
                <CircleXIcon aria-label={g.toFix} className="mt-0.5 size-4 shrink-0 text-destructive" />
              )}
              <div className="min-w-0">
                <p className={ok ? 'text-muted-foreground' : 'font-medium'}>{g.checks[check]}</p>
                {failing.map((c) => (
                  <p key={c} className="text-xs text-muted-foreground">{g.codes[c] ?? c}</p>
                ))}
                {check === 'photos' && warnings.includes('few_photos') && (
                  <p className="flex items-center gap-1 text-xs text-warning" data-testid="gate-warning">
                    <CircleAlertIcon aria-hidden="true" className="size-3.5 shrink-0" />{g.codes.few_photos}
                  </p>
                )}
              </div>
            </li>
          );
        })}
        {unknown.map((c) => (
          <li key={c} className="flex gap-2 text-sm">
            <CircleXIcon aria-label={g.toFix} className="mt-0.5 size-4 shrink-0 text-destructive" />
            <p className="font-medium">{g.codes[c] ?? c}</p>
          </li>
        ))}
      </ul>
    </div>
  );
}
