import { PaperclipIcon } from 'lucide-react';
import { useRef, useState } from 'react';
import { useI18n } from '../../i18n/index.tsx';
import { Button } from './button.tsx';

/**
 * A file picker that speaks the app's language (the browser's own says "Choose File" in its UI language): a real
 * input kept for forms, tests and screen readers, driven by a labelled button.
 */
export function FileInput({ id, accept, onFile, disabled }: { id: string; accept?: string; onFile(f: File | null): void; disabled?: boolean }) {
  const { t } = useI18n();
  const ref = useRef<HTMLInputElement>(null);
  const [name, setName] = useState<string | null>(null);
  return (
    <div className="flex min-w-0 items-center gap-2">
      <input
        ref={ref}
        id={id}
        type="file"
        accept={accept}
        className="peer sr-only"
        disabled={disabled}
        onChange={(e) => {
          const f = e.target.files?.[0] ?? null;
          setName(f?.name ?? null);
          onFile(f);
        }}
      />
      {/* The input keeps the keyboard focus (its label names it); the button shows where that focus is. */}
      <Button type="button" variant="outline" disabled={disabled} onClick={() => ref.current?.click()} aria-hidden="true" tabIndex={-1} className="peer-focus-visible:ring-2 peer-focus-visible:ring-ring">
        <PaperclipIcon aria-hidden="true" />
        {t.common.chooseFile}
      </Button>
      <span className="min-w-0 truncate text-sm text-muted-foreground">{name ?? t.common.noFile}</span>
    </div>
  );
}
