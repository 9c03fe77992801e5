import { useMutation, useQueryClient } from '@tanstack/react-query';
import { FileCheckIcon, UploadIcon } from 'lucide-react';
import { useState } from 'react';
import { ApiError } from '../../api/errors.ts';
import { Button } from '../../components/ui/button.tsx';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '../../components/ui/card.tsx';
import { ErrorCallout } from '../../components/ui/feedback.tsx';
import { FileInput } from '../../components/ui/file-input.tsx';
import { Checkbox } from '../../components/ui/controls.tsx';
import { Field, Label, NativeSelect } from '../../components/ui/input.tsx';
import { useI18n } from '../../i18n/index.tsx';
import { uploadWithProgress } from '../../lib/upload.ts';
import { CsvHelp } from './csv-help-view.tsx';
import { type ImportReport, ReportView } from './report-view.tsx';

type Mode = 'all_or_nothing' | 'partial';

/** Check a file first (dry run, the report as a table), then import it whole or only its valid rows. */
export function ImportCard({ kind }: { kind: 'csv' | 'legacy' }) {
  const { t } = useI18n();
  const f = t.files;
  const texts = kind === 'csv' ? f.csv : f.legacy;
  const qc = useQueryClient();
  const [file, setFile] = useState<File | null>(null);
  const [delimiter, setDelimiter] = useState('auto');
  const [strict, setStrict] = useState(false);
  const [report, setReport] = useState<{ r: ImportReport; rejected: boolean } | null>(null);
  const run = useMutation({
    mutationFn: async ({ dry, mode }: { dry: boolean; mode: Mode }) => {
      const q = new URLSearchParams({ dry_run: String(dry), mode });
      if (kind === 'csv') {
        q.set('delimiter', delimiter);
        q.set('strict', String(strict));
      }
      const form = new FormData();
      form.append('file', file!, file!.name);
      try {
        return { r: await uploadWithProgress<ImportReport>(`/import/${kind}?${q}`, form), rejected: false };
      } catch (e) {
        // All or nothing: a file with errors answers 422 with the whole report, to show like a dry run's.
        if (e instanceof ApiError && e.code === 'import_rejected' && e.details && typeof e.details === 'object' && 'errors' in e.details) {
          return { r: e.details as ImportReport, rejected: true };
        }
        throw e;
      }
    },
    onSuccess: (res) => {
      setReport(res);
      if (!res.r.dry_run && !res.rejected) {
        void qc.invalidateQueries({ queryKey: ['listings'] });
        void qc.invalidateQueries({ queryKey: ['stats'] });
      }
    },
  });
  const id = `import-${kind}`;
  const checked = report?.r.dry_run && !report.rejected;
  const hasErrors = (report?.r.errors.length ?? 0) > 0;
  return (
    <Card data-testid={`${id}-card`}>
      <CardHeader>
        <CardTitle>{texts.title}</CardTitle>
        <CardDescription>{texts.explain}</CardDescription>
      </CardHeader>
      <CardContent className="space-y-3">
        {kind === 'csv' && <CsvHelp />}
        <div className="grid gap-3 sm:grid-cols-[1fr_auto] sm:items-end">
          <Field id={`${id}-file`} label={texts.file}>
            <FileInput
              id={`${id}-file`}
              accept={kind === 'csv' ? '.csv,text/csv,text/plain' : '.json,application/json'}
              onFile={(f) => {
                setFile(f);
                setReport(null);
                run.reset();
              }}
            />
          </Field>
          {kind === 'csv' && (
            <Field id={`${id}-delimiter`} label={f.csv.delimiter}>
              <NativeSelect id={`${id}-delimiter`} value={delimiter} onChange={(e) => setDelimiter(e.target.value)}>
                {Object.entries(f.csv.delimiters).map(([k, v]) => <option key={k} value={k}>{v}</option>)}
              </NativeSelect>
            </Field>
          )}
        </div>
        {kind === 'csv' && (
          <div className="flex items-start gap-2">
            <Checkbox id={`${id}-strict`} checked={strict} onCheckedChange={(c) => { setStrict(c === true); setReport(null); }} aria-describedby={`${id}-strict-hint`} />
            <div>
              <Label htmlFor={`${id}-strict`} className="leading-snug">{f.report.strict}</Label>
              <p id={`${id}-strict-hint`} className="text-xs text-muted-foreground">{f.report.strictHint}</p>
            </div>
          </div>
        )}
        <div className="flex flex-wrap gap-2">
          <Button variant="outline" disabled={!file || run.isPending} onClick={() => run.mutate({ dry: true, mode: 'all_or_nothing' })} data-testid={`${id}-check`}>
            <FileCheckIcon aria-hidden="true" />
            {run.isPending && run.variables?.dry ? f.checking : f.check}
          </Button>
          {checked && !hasErrors && (
            <Button disabled={run.isPending} onClick={() => run.mutate({ dry: false, mode: 'all_or_nothing' })} data-testid={`${id}-import`}>
              <UploadIcon aria-hidden="true" />
              {run.isPending ? f.importing : f.importAll}
            </Button>
          )}
          {(checked || report?.rejected) && hasErrors && report!.r.total_rows > new Set(report!.r.errors.map((e) => e.line)).size && (
            <Button disabled={run.isPending} onClick={() => run.mutate({ dry: false, mode: 'partial' })} data-testid={`${id}-import-partial`}>
              <UploadIcon aria-hidden="true" />
              {run.isPending ? f.importing : f.importGood}
            </Button>
          )}
        </div>
        {run.isError && <ErrorCallout error={run.error} />}
        {report && <ReportView report={report.r} rejected={report.rejected} />}
      </CardContent>
    </Card>
  );
}
