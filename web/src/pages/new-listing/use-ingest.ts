import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api, type Schemas, unwrap } from '../../api/client.ts';
import { ApiError } from '../../api/errors.ts';
import { parseEuros } from '../../components/listing/form-state.ts';
import { rememberAnalysis } from '../../lib/last-analysis.ts';
import { uploadWithProgress } from '../../lib/upload.ts';
import type { Hints, Intake } from './intake-form.tsx';

export type IngestResult = Schemas['IngestResult'];

function hintFields(h: Hints): Record<string, string | number> {
  const out: Record<string, string | number> = { tone: h.tone, language: h.language };
  for (const k of ['brand', 'size', 'category', 'condition', 'gender', 'notes'] as const) if (h[k].trim()) out[k] = h[k].trim();
  const price = parseEuros(h.price);
  if (price !== null && !Number.isNaN(price)) out.price = price;
  return out;
}

/** A photo left out of the analysis because the server could not use it (damaged, not a photo, too big). */
export interface SkippedPhoto {
  name: string;
  code: string;
  details?: unknown;
}
export interface Analysed {
  result: IngestResult;
  skipped: SkippedPhoto[];
}

// The server takes a batch whole or refuses it for its first bad photo, naming it (`details.index`): that photo is
// left out and the others sent again, so one broken file never blocks the analysis.
const SKIPPABLE = new Set(['invalid_image', 'unsupported_media_type', 'empty_file', 'file_too_large', 'image_too_large', 'url_fetch_failed', 'url_not_image', 'url_timeout', 'url_too_large', 'url_too_many_redirects', 'url_forbidden_address', 'url_invalid']);

/** The index of the photo an error names, when it is one a batch can go on without. */
export function skippableIndex(e: unknown, count: number): number | null {
  if (!(e instanceof ApiError) || !SKIPPABLE.has(e.code) || count < 2) return null;
  const index = (e.details as { index?: unknown } | undefined)?.index;
  return typeof index === 'number' && Number.isInteger(index) && index >= 0 && index < count ? index : null;
}

/** Analyse without saving (a preview the seller edits first); photos go up with a progress bar. */
export function useAnalyse() {
  const [progress, setProgress] = useState<number | null>(null);
  const m = useMutation({
    mutationFn: async (i: Intake): Promise<Analysed> => {
      setProgress(null);
      const skipped: SkippedPhoto[] = [];
      const send = (left: Intake): Promise<IngestResult> => {
        if (left.kind === 'urls') return unwrap(api.POST('/ingest/photos', { body: { urls: left.urls, save: false, ...hintFields(left.hints) } as never }));
        const form = new FormData();
        for (const [k, v] of Object.entries(hintFields(left.hints))) form.append(k, String(v));
        form.append('save', 'false');
        for (const f of left.files) form.append('files', f, f.name);
        setProgress(0);
        return uploadWithProgress<IngestResult>('/ingest/photos', form, setProgress);
      };
      let left = i;
      for (;;) {
        try {
          return { result: await send(left), skipped };
        } catch (e) {
          const count = left.kind === 'urls' ? left.urls.length : left.files.length;
          const index = skippableIndex(e, count);
          if (index === null) throw e;
          const err = e as ApiError;
          if (left.kind === 'urls') {
            skipped.push({ name: left.urls[index], code: err.code, details: err.details });
            left = { ...left, urls: left.urls.filter((_, k) => k !== index) };
          } else {
            skipped.push({ name: left.files[index].name, code: err.code, details: err.details });
            left = { ...left, files: left.files.filter((_, k) => k !== index) };
          }
        }
      }
    },
    onSuccess: (r) => rememberAnalysis(r.result.analysis),
    onSettled: () => setProgress(null),
  });
  return { ...m, progress };
}


export function useSaveDraft() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: { preview_token: string; edits: Record<string, unknown> }) => unwrap(api.POST('/ingest/save-draft', { body: body as never })),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: ['listings'] });
      void qc.invalidateQueries({ queryKey: ['stats'] });
    },
  });
}
