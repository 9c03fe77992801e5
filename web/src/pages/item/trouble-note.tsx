import { ShieldAlertIcon } from 'lucide-react';
import type { Schemas } from '../../api/client.ts';
import { Callout } from '../../components/ui/feedback.tsx';
import { useI18n } from '../../i18n/index.tsx';

export type Trouble = Schemas['VintedTrouble'];

/** What went wrong with Vinted (unreachable, not logged in, a check in the way, a changed form) and what to do. */
export function TroubleNote({ trouble }: { trouble: Trouble }) {
  const { t } = useI18n();
  const w = t.vinted.trouble;
  return (
    <Callout variant={trouble.kind === 'unreachable' ? 'warning' : 'error'} title={w.kinds[trouble.kind] ?? t.errors.fallback} icon={ShieldAlertIcon}>
      <p data-testid="vinted-trouble" data-kind={trouble.kind}>{w.actions[trouble.action] ?? ''}</p>
      {!trouble.vinted_answered && trouble.kind !== 'unreachable' && <p>{w.neverAnswered}</p>}
    </Callout>
  );
}
