import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api, type Schemas, unwrap } from '../../api/client.ts';
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

/** Analyse without saving (a preview the seller edits first); photos go up with a progress bar. */
export function useAnalyse() {
  const [progress, setProgress] = useState<number | null>(null);
  const m = useMutation({
    mutationFn: async (i: Intake): Promise<IngestResult> => {
      setProgress(null);
      if (i.kind === 'urls') {
        return unwrap(api.POST('/ingest/photos', { body: { urls: i.urls, save: false, ...hintFields(i.hints) } as never }));
      }
      const form = new FormData();
      for (const [k, v] of Object.entries(hintFields(i.hints))) form.append(k, String(v));
      form.append('save', 'false');
      for (const f of i.files) form.append('files', f, f.name);
      setProgress(0);
      return uploadWithProgress<IngestResult>('/ingest/photos', form, setProgress);
    },
    onSuccess: (r) => rememberAnalysis(r.analysis),
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
