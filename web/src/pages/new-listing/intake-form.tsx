import { FileImageIcon, SparklesIcon, XIcon } from 'lucide-react';
import { type FormEvent, useState } from 'react';
import { PhotoDropzone, useFilePreviews } from '../../components/photo-dropzone.tsx';
import { Button } from '../../components/ui/button.tsx';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '../../components/ui/card.tsx';
import { Progress, Tabs, TabsContent, TabsList, TabsTrigger } from '../../components/ui/controls.tsx';
import { Callout } from '../../components/ui/feedback.tsx';
import { Field, Input, NativeSelect, Textarea } from '../../components/ui/input.tsx';
import { useI18n } from '../../i18n/index.tsx';
import { categoryOptions, conditionOptions, genderOptions, PHOTOS_MAX } from '../../lib/vocabulary.ts';

export interface Hints {
  brand: string;
  size: string;
  category: string;
  condition: string;
  gender: string;
  price: string;
  tone: string;
  language: string;
  notes: string;
}

export const EMPTY_HINTS: Hints = { brand: '', size: '', category: '', condition: '', gender: '', price: '', tone: 'pro', language: 'fr', notes: '' };

export type Intake = { kind: 'files'; files: File[]; hints: Hints } | { kind: 'urls'; urls: string[]; hints: Hints };

/** An optional hint chosen from a list; "–" leaves it to the analysis. */
function HintSelect({ id, label, value, options, onChange }: { id: string; label: string; value: string; options: { value: string; label: string }[]; onChange(v: string): void }) {
  return (
    <Field id={id} label={label}>
      <NativeSelect id={id} value={value} onChange={(e) => onChange(e.target.value)}>
        <option value="">–</option>
        {options.map((o) => <option key={o.value} value={o.value}>{o.label}</option>)}
      </NativeSelect>
    </Field>
  );
}

/** A chosen file's thumbnail; a file the browser cannot show (HEIC, or not a photo) gets its name instead. */
function LocalPreview({ src, name }: { src: string; name: string }) {
  const [broken, setBroken] = useState(false);
  if (broken) {
    return (
      <div className="flex aspect-square w-full flex-col items-center justify-center gap-1 rounded-md bg-muted p-1 text-muted-foreground">
        <FileImageIcon aria-hidden="true" className="size-5" />
        <span className="w-full truncate text-center text-[10px]">{name}</span>
      </div>
    );
  }
  return <img src={src} alt={name} onError={() => setBroken(true)} className="aspect-square w-full rounded-md bg-muted object-cover" />;
}

/** Step one: the photos (files or web addresses) and what the seller already knows. */
export function IntakeForm({ onSubmit, busy, progress, errorSlot }: { onSubmit(i: Intake): void; busy: boolean; progress: number | null; errorSlot?: React.ReactNode }) {
  const { t, lang } = useI18n();
  const n = t.newListing;
  const [mode, setMode] = useState<'files' | 'urls'>('files');
  const [files, setFiles] = useState<File[]>([]);
  const [urls, setUrls] = useState('');
  const [hints, setHints] = useState<Hints>({ ...EMPTY_HINTS, language: lang });
  const [clipped, setClipped] = useState(false);
  const previews = useFilePreviews(files);
  const add = (more: File[]) => {
    const all = [...files, ...more];
    setClipped(all.length > PHOTOS_MAX);
    setFiles(all.slice(0, PHOTOS_MAX));
  };
  const urlList = urls.split(/\s+/).map((u) => u.trim()).filter(Boolean);
  const ready = mode === 'files' ? files.length > 0 : urlList.length > 0;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!ready || busy) return;
    onSubmit(mode === 'files' ? { kind: 'files', files, hints } : { kind: 'urls', urls: urlList.slice(0, PHOTOS_MAX), hints });
  };
  const set = (p: Partial<Hints>) => setHints((h) => ({ ...h, ...p }));
  return (
    <form onSubmit={submit} className="grid items-start gap-4 lg:grid-cols-[minmax(0,1fr)_24rem]">
      <Card>
        <CardHeader><CardTitle>{n.photos}</CardTitle></CardHeader>
        <CardContent>
          <Tabs value={mode} onValueChange={(v) => setMode(v as 'files' | 'urls')}>
            <TabsList className="mb-3">
              <TabsTrigger value="files">{n.fromFiles}</TabsTrigger>
              <TabsTrigger value="urls">{n.fromUrls}</TabsTrigger>
            </TabsList>
            <TabsContent value="files" className="space-y-3">
              <PhotoDropzone onFiles={add} title={n.drop} hint={n.dropHint} chooseLabel={n.choose} cameraLabel={n.takePhoto} disabled={busy} testId="photo-drop" />
              {clipped && <Callout variant="warning" title={n.tooMany} />}
              {files.length > 0 && (
                <>
                  <p className="text-sm text-muted-foreground" role="status">{n.count(files.length)}</p>
                  <ul className="grid grid-cols-4 gap-2 sm:grid-cols-6">
                    {files.map((f, i) => (
                      <li key={`${f.name}-${i}`} className="relative">
                        <LocalPreview src={previews[i]} name={f.name} />
                        <button
                          type="button"
                          onClick={() => setFiles(files.filter((_, k) => k !== i))}
                          aria-label={n.removePhoto(f.name)}
                          className="absolute right-1 top-1 cursor-pointer rounded-full bg-black/60 p-1 text-white hover:bg-black/80"
                        >
                          <XIcon aria-hidden="true" className="size-3.5" />
                        </button>
                      </li>
                    ))}
                  </ul>
                </>
              )}
            </TabsContent>
            <TabsContent value="urls">
              <Field id="photo-urls" label={n.urls} hint={n.urlsHint}>
                <Textarea id="photo-urls" rows={5} value={urls} onChange={(e) => setUrls(e.target.value)} placeholder="https://…" spellCheck={false} className="font-mono text-xs" />
              </Field>
            </TabsContent>
          </Tabs>
        </CardContent>
      </Card>
      <Card>
        <CardHeader>
          <CardTitle>{n.hints}</CardTitle>
          <CardDescription>{n.hintsHint}</CardDescription>
        </CardHeader>
        <CardContent className="space-y-3">
          <div className="grid grid-cols-2 gap-3">
            <Field id="hint-brand" label={t.listing.fields.brand}>
              <Input id="hint-brand" value={hints.brand} placeholder={t.listing.placeholders.brand} onChange={(e) => set({ brand: e.target.value })} />
            </Field>
            <Field id="hint-size" label={t.listing.fields.size}>
              <Input id="hint-size" value={hints.size} placeholder={t.listing.placeholders.size} onChange={(e) => set({ size: e.target.value })} />
            </Field>
            <HintSelect id="hint-category" label={t.listing.fields.category} value={hints.category} options={categoryOptions(lang)} onChange={(category) => set({ category })} />
            <HintSelect id="hint-condition" label={t.listing.fields.condition} value={hints.condition} options={conditionOptions(lang)} onChange={(condition) => set({ condition })} />
            <HintSelect id="hint-gender" label={t.listing.fields.gender} value={hints.gender} options={genderOptions(lang)} onChange={(gender) => set({ gender })} />
            <Field id="hint-price" label={t.listing.fields.price}>
              <Input id="hint-price" inputMode="decimal" value={hints.price} onChange={(e) => set({ price: e.target.value })} />
            </Field>
            <Field id="hint-tone" label={n.tone}>
              <NativeSelect id="hint-tone" value={hints.tone} onChange={(e) => set({ tone: e.target.value })}>
                {Object.entries(t.listing.tones).map(([k, v]) => <option key={k} value={k}>{v}</option>)}
              </NativeSelect>
            </Field>
            <Field id="hint-language" label={n.language} className="col-span-2">
              <NativeSelect id="hint-language" value={hints.language} onChange={(e) => set({ language: e.target.value })}>
                {Object.entries(t.listing.languages).map(([k, v]) => <option key={k} value={k}>{v}</option>)}
              </NativeSelect>
            </Field>
          </div>
          <Field id="hint-notes" label={n.notes}>
            <Textarea id="hint-notes" rows={3} value={hints.notes} placeholder={n.notesPlaceholder} onChange={(e) => set({ notes: e.target.value })} />
          </Field>
        </CardContent>
      </Card>
      <div className="space-y-3 lg:col-span-2">
        {errorSlot}
        {busy && <Progress value={progress !== null && progress < 100 ? progress : null} label={n.analysing} />}
        <Button type="submit" size="lg" disabled={!ready || busy} className="w-full sm:w-auto" data-testid="analyse">
          <SparklesIcon aria-hidden="true" />
          {busy ? (progress !== null && progress < 100 ? n.uploading(progress) : n.analysing) : n.analyse}
        </Button>
      </div>
    </form>
  );
}
