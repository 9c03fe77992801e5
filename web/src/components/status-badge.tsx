import { useI18n } from '../i18n/index.tsx';
import { cn } from '../lib/utils.ts';
import type { Status } from '../lib/vocabulary.ts';

// The grey pills keep a border: on a grey surface (a selected or hovered row, a muted panel) a bare bg-muted pill vanishes.
const TONE: Record<Status, string> = {
  draft: 'border-muted-foreground/30 bg-muted text-muted-foreground',
  listed: 'bg-primary/12 text-primary',
  sold: 'bg-success/15 text-foreground',
  archived: 'border-muted-foreground/30 bg-secondary text-muted-foreground line-through decoration-1',
};

export function StatusBadge({ status, className }: { status: Status; className?: string }) {
  const { t } = useI18n();
  return (
    <span data-status={status} className={cn('inline-flex items-center whitespace-nowrap rounded-full border border-transparent px-2 py-0.5 text-xs font-medium', TONE[status], className)}>
      {t.status[status]}
    </span>
  );
}
