import { useState } from 'react';
import { useNavigate } from 'react-router';
import { PageHeader } from '../../components/layout/page-header.tsx';
import { ErrorCallout } from '../../components/ui/feedback.tsx';
import { useToast } from '../../components/ui/toast.tsx';
import { useI18n } from '../../i18n/index.tsx';
import { IntakeForm } from './intake-form.tsx';
import { ResultView } from './result-view.tsx';
import { type Analysed, useAnalyse, useSaveDraft } from './use-ingest.ts';

export default function NewListingPage() {
  const { t } = useI18n();
  const toast = useToast();
  const navigate = useNavigate();
  const analyse = useAnalyse();
  const save = useSaveDraft();
  const [analysed, setResult] = useState<Analysed | null>(null);
  const result = analysed?.result ?? null;
  return (
    <div>
      <PageHeader title={t.newListing.title} description={t.newListing.description} />
      {result ? (
        <ResultView
          result={result}
          skipped={analysed!.skipped}
          saving={save.isPending}
          saveError={save.error}
          onRestart={() => {
            setResult(null);
            save.reset();
          }}
          onSave={(edits) =>
            save.mutate(
              { preview_token: result.preview_token!, edits },
              {
                onSuccess: (r) => {
                  toast({ title: t.newListing.draftSaved, variant: 'success' });
                  navigate(`/stock/${r.item_id}`);
                },
              },
            )
          }
        />
      ) : (
        <IntakeForm
          busy={analyse.isPending}
          progress={analyse.progress}
          errorSlot={analyse.isError ? <ErrorCallout error={analyse.error} /> : null}
          onSubmit={(i) => analyse.mutate(i, { onSuccess: setResult })}
        />
      )}
    </div>
  );
}
