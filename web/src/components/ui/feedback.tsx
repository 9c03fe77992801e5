import { AlertTriangleIcon, InfoIcon, type LucideIcon } from 'lucide-react';
import type { ReactNode } from 'react';
import { ApiError } from '../../api/errors.ts';
import { errorParams, errorText, issueLines, issuesByField } from '../../i18n/error-text.ts';
import { useI18n } from '../../i18n/index.tsx';
import { cn } from '../../lib/utils.ts';
import { Button } from './button.tsx';

export function Callout({ variant = 'info', title, children, className, icon: Icon }: { variant?: 'info' | 'warning' | 'error' | 'success'; title?: ReactNode; children?: ReactNode; className?: string; icon?: LucideIcon }) {
  const I = Icon ?? (variant === 'info' || variant === 'success' ? InfoIcon : AlertTriangleIcon);
  return (
    <div
      role={variant === 'error' ? 'alert' : 'status'}
      className={cn(
        'flex gap-3 rounded-lg border p-3 text-sm',
        variant === 'error' && 'border-destructive/40 bg-destructive/8 text-foreground',
        variant === 'warning' && 'border-warning/50 bg-warning/12',
        variant === 'info' && 'border-border bg-muted/60',
        variant === 'success' && 'border-success/40 bg-success/10',
        className,
      )}
    >
      <I aria-hidden="true" className={cn('mt-0.5 size-4 shrink-0', variant === 'error' && 'text-destructive')} />
      <div className="min-w-0 flex-1 space-y-1">
        {title && <p className="font-medium">{title}</p>}
        {children && <div className="break-words text-muted-foreground">{children}</div>}
      </div>
    </div>
  );
}

/** An API failure in the seller's words (its stable code and parameters), what is wrong field by field, and the reference to quote. */
export function ErrorCallout({ error, onRetry, className }: { error: unknown; onRetry?: () => void; className?: string }) {
  const { t } = useI18n();
  const e = error instanceof ApiError ? error : null;
  const plain = e ? errorText(t.errors, e.code, errorParams(e.details)) : t.errors.fallback;
  const lines = e ? issueLines(t.errors, e.details) : [];
  return (
    <Callout variant="error" title={plain} className={className}>
      {lines.length > 0 && (
        <ul data-testid="error-detail" className="list-disc pl-4">
          {lines.map((l) => <li key={l}>{l}</li>)}
        </ul>
      )}
      {e?.retryAfter && <p>{t.errors.retryIn(e.retryAfter)}</p>}
      {e?.requestId && <p className="text-xs">{t.errors.requestId(e.requestId)}</p>}
      {onRetry && (
        <Button size="sm" variant="outline" className="mt-2" onClick={onRetry}>
          {t.common.retry}
        </Button>
      )}
    </Callout>
  );
}

export function EmptyState({ icon: Icon, title, children, action }: { icon: LucideIcon; title: string; children?: ReactNode; action?: ReactNode }) {
  return (
    <div className="flex flex-col items-center justify-center gap-3 rounded-xl border border-dashed px-6 py-12 text-center">
      <div className="rounded-full bg-muted p-3">
        <Icon aria-hidden="true" className="size-6 text-muted-foreground" />
      </div>
      <p className="font-medium">{title}</p>
      {children && <div className="max-w-md text-sm text-muted-foreground">{children}</div>}
      {action}
    </div>
  );
}

/** The plain-words text of an error, for places where a callout does not fit (toasts, inline). */
export function useErrorText() {
  const { t } = useI18n();
  return (error: unknown) => {
    if (!(error instanceof ApiError)) return t.errors.fallback;
    const lines = issueLines(t.errors, error.details);
    return [errorText(t.errors, error.code, errorParams(error.details)), ...lines].join(' ');
  };
}

/** The validation issues of a failed save, field → what is wrong, in the seller's words (for a form's fields). */
export function useFieldIssues(error: unknown): Record<string, string> {
  const { t } = useI18n();
  return error instanceof ApiError ? issuesByField(t.errors, error.details) : {};
}
