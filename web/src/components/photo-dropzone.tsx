import { CameraIcon, ImagePlusIcon, UploadIcon } from 'lucide-react';
import { type DragEvent, type ReactNode, useId, useRef, useState } from 'react';
import { cn } from '../lib/utils.ts';
import { Button } from './ui/button.tsx';

/**
 * A drop area that is also two plain buttons (choose files, take a photo): drag and drop does not exist on a
 * phone or for a keyboard user, the buttons always do.
 */
export function PhotoDropzone({
  onFiles, accept = 'image/*,.heic,.heif', multiple = true, title, hint, chooseLabel, cameraLabel, disabled, children, testId,
}: {
  onFiles(files: File[]): void;
  accept?: string;
  multiple?: boolean;
  title: string;
  hint?: string;
  chooseLabel: string;
  cameraLabel?: string;
  disabled?: boolean;
  children?: ReactNode;
  testId?: string;
}) {
  const id = useId();
  const input = useRef<HTMLInputElement>(null);
  const camera = useRef<HTMLInputElement>(null);
  const [over, setOver] = useState(false);
  const take = (list: FileList | null) => {
    if (list?.length) onFiles([...list]);
  };
  const drop = (e: DragEvent) => {
    e.preventDefault();
    setOver(false);
    if (!disabled) take(e.dataTransfer.files);
  };
  return (
    <div
      onDragOver={(e) => {
        e.preventDefault();
        if (!disabled) setOver(true);
      }}
      onDragLeave={() => setOver(false)}
      onDrop={drop}
      className={cn('flex flex-col items-center gap-3 rounded-xl border-2 border-dashed p-5 text-center transition-colors sm:p-8', over ? 'border-primary bg-accent' : 'border-border bg-card', disabled && 'opacity-60')}
      aria-describedby={hint ? `${id}-hint` : undefined}
      data-testid={testId}
    >
      <div className="rounded-full bg-muted p-3">
        <ImagePlusIcon aria-hidden="true" className="size-6 text-muted-foreground" />
      </div>
      <div>
        <p className="font-medium">{title}</p>
        {hint && <p id={`${id}-hint`} className="mt-1 text-xs text-muted-foreground">{hint}</p>}
      </div>
      <div className="flex flex-wrap justify-center gap-2">
        <Button type="button" variant="outline" disabled={disabled} onClick={() => input.current?.click()}>
          <UploadIcon aria-hidden="true" />
          {chooseLabel}
        </Button>
        {cameraLabel && (
          <Button type="button" variant="ghost" disabled={disabled} onClick={() => camera.current?.click()} className="sm:hidden">
            <CameraIcon aria-hidden="true" />
            {cameraLabel}
          </Button>
        )}
      </div>
      <input
        ref={input}
        type="file"
        accept={accept}
        multiple={multiple}
        className="sr-only"
        tabIndex={-1}
        aria-label={chooseLabel}
        onChange={(e) => {
          take(e.target.files);
          e.target.value = '';
        }}
        data-testid={testId ? `${testId}-input` : undefined}
      />
      {cameraLabel && (
        <input ref={camera} type="file" accept="image/*" capture="environment" className="sr-only" tabIndex={-1} aria-label={cameraLabel} onChange={(e) => { take(e.target.files); e.target.value = ''; }} />
      )}
      {children}
    </div>
  );
}

/** Object URLs for local previews of chosen files, revoked when the list changes. */
export function useFilePreviews(files: File[]) {
  const cache = useRef(new Map<File, string>());
  const out = files.map((f) => {
    let u = cache.current.get(f);
    if (!u) {
      u = URL.createObjectURL(f);
      cache.current.set(f, u);
    }
    return u;
  });
  for (const [f, u] of cache.current) {
    if (!files.includes(f)) {
      URL.revokeObjectURL(u);
      cache.current.delete(f);
    }
  }
  return out;
}
