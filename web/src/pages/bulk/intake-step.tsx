import { FileArchiveIcon, PlayIcon, Trash2Icon } from 'lucide-react';
import { useState } from 'react';
import { PhotoDropzone } from '../../components/photo-dropzone.tsx';
import { Button } from '../../components/ui/button.tsx';
import { Card, CardContent } from '../../components/ui/card.tsx';
import { Progress } from '../../components/ui/controls.tsx';
import { Callout, ErrorCallout } from '../../components/ui/feedback.tsx';
import { useI18n } from '../../i18n/index.tsx';
import { uploadWithProgress } from '../../lib/upload.ts';
import type { IntakeAnswer } from './use-bulk.ts';

const isZip = (f: File) => /\.zip$/i.test(f.name) || f.type === 'application/zip' || f.type === 'application/x-zip-compressed';

/** Hundreds of photos or one ZIP, uploaded with a progress bar; the answer starts the job. */
export function IntakeStep({ onStarted }: { onStarted(a: IntakeAnswer): void }) {
  const { t, number } = useI18n();
  const b = t.bulk.intake;
  const [files, setFiles] = useState<File[]>([]);
  const [progress, setProgress] = useState<number | null>(null);
  const [error, setError] = useState<unknown>(null);
  const zips = files.filter(isZip);
  const zipMixed = zips.length > 0 && files.length > 1;
  const bytes = files.reduce((a, f) => a + f.size, 0);
  const start = async () => {
    setError(null);
    setProgress(0);
    const form = new FormData();
    const zip = zips.length === 1 && files.length === 1;
    for (const f of files) form.append(zip ? 'file' : 'files', f, f.name);
    try {
      onStarted(await uploadWithProgress<IntakeAnswer>(zip ? '/bulk/ingest/zip' : '/bulk/ingest/photos', form, setProgress));
    } catch (e) {
      setError(e);
    } finally {
      setProgress(null);
    }
  };
  const busy = progress !== null;
  return (
    <Card>
      <CardContent className="space-y-3 pt-4 sm:pt-5">
        <PhotoDropzone
          onFiles={(more) => setFiles((f) => [...f, ...more])}
          accept="image/*,.heic,.heif,.zip,application/zip"
          title={b.drop}
          hint={b.hint}
          chooseLabel={b.choose}
          disabled={busy}
          testId="bulk-drop"
        />
        {files.length > 0 && (
          <div className="flex flex-wrap items-center gap-2 text-sm" role="status">
            {zips.length > 0 && <FileArchiveIcon aria-hidden="true" className="size-4 text-muted-foreground" />}
            <span>{b.chosen(files.length, number(bytes / 1024 / 1024, 1))}</span>
            <Button size="sm" variant="ghost" onClick={() => setFiles([])} disabled={busy}>
              <Trash2Icon aria-hidden="true" />
              {b.clear}
            </Button>
          </div>
        )}
        {zipMixed && <Callout variant="warning" title={b.zipAlone} />}
        {busy && <Progress value={progress! < 100 ? progress : null} label={b.uploading(progress!)} />}
        {error ? <ErrorCallout error={error} /> : null}
        <Button size="lg" onClick={start} disabled={!files.length || zipMixed || busy} data-testid="bulk-start" className="w-full sm:w-auto">
          <PlayIcon aria-hidden="true" />
          {busy ? b.uploading(progress!) : b.start}
        </Button>
      </CardContent>
    </Card>
  );
}

export function IntakeNotes({ answer }: { answer: IntakeAnswer }) {
  const { t, errorText } = useI18n();
  const b = t.bulk.intake;
  if (!answer.rejected.length && !answer.skipped.length) return null;
  return (
    <Callout variant="warning" title={answer.rejected.length ? `${b.rejected} (${answer.rejected.length})` : `${b.skipped} (${answer.skipped.length})`}>
      <ul className="max-h-32 list-disc overflow-y-auto pl-4 text-xs">
        {answer.rejected.map((r) => <li key={`r-${r.filename}`} className="break-all"><span className="font-medium text-foreground">{r.filename}</span> — {errorText(r.code)}</li>)}
        {answer.skipped.map((r) => <li key={`s-${r.filename}`} className="break-all">{r.filename}</li>)}
      </ul>
    </Callout>
  );
}
