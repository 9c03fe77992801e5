import { useLive } from '../../lib/live-context.tsx';
import { useI18n } from '../../i18n/index.tsx';
import { cn } from '../../lib/utils.ts';

export function LiveIndicator() {
  const { t } = useI18n();
  const { connected } = useLive();
  return (
    <span className="flex items-center gap-1.5 text-xs text-muted-foreground" role="status">
      <span aria-hidden="true" className={cn('size-2 rounded-full', connected ? 'bg-success' : 'bg-muted-foreground/50')} />
      {connected ? t.live.connected : t.live.disconnected}
    </span>
  );
}
