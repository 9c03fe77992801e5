import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Undo2Icon, WandSparklesIcon } from 'lucide-react';
import { useEffect, useState } from 'react';
import { api, type Schemas, unwrap } from '../../api/client.ts';
import { EditControls, EMPTY_FORM, editBody, type EditForm } from '../../components/studio/edit-controls.tsx';
import { Button } from '../../components/ui/button.tsx';
import { Callout, ErrorCallout } from '../../components/ui/feedback.tsx';
import { useToast } from '../../components/ui/toast.tsx';
import { useI18n } from '../../i18n/index.tsx';

type Params = Schemas['PhotoEditParams'];

/** The form for a stored edit: the crop read back as a size and a position within the ratio's largest crop. */
function formOf(p: Params, photo: { width: number; height: number } | null): EditForm {
  const { crop: _crop, ...rest } = p; // the crop is held as a size and a position, below
  const f: EditForm = { ...EMPTY_FORM, ...rest, rotate: ((p.rotate % 360) as EditForm['rotate']) };
  if (p.crop && photo) {
    const [W, H] = p.rotate % 180 === 0 ? [photo.width, photo.height] : [photo.height, photo.width];
    const [a, b] = p.aspect === 'free' ? [W, H] : p.aspect.split(':').map(Number);
    const maxW = a / b < W / H ? a / b / (W / H) : 1;
    f.zoom = Math.round(Math.min(100, (p.crop.width / maxW) * 100));
    f.posX = p.crop.width < 1 ? Math.round((p.crop.x / (1 - p.crop.width)) * 100) : 50;
    f.posY = p.crop.height < 1 ? Math.round((p.crop.y / (1 - p.crop.height)) * 100) : 50;
  }
  return f;
}

/** The studio for one photo of an item: controls, apply (rendered on the server from the original), reset. */
export function PhotoEditor({ itemId, photoId, onEdited }: { itemId: string; photoId: string; onEdited(): void }) {
  const { t } = useI18n();
  const s = t.studio;
  const toast = useToast();
  const qc = useQueryClient();
  const key = ['photo-edit', itemId, photoId];
  const info = useQuery({ queryKey: ['photo-info', photoId], queryFn: () => unwrap(api.GET('/photos/{id}/info', { params: { path: { id: photoId } } })) });
  const edit = useQuery({ queryKey: key, queryFn: () => unwrap(api.GET('/listings/{id}/photos/{photoId}/edit', { params: { path: { id: itemId, photoId } } })) });
  const photo = info.data ? { width: info.data.width, height: info.data.height } : null;
  const [form, setForm] = useState<EditForm>(EMPTY_FORM);
  const [skipped, setSkipped] = useState<string | null>(null);
  useEffect(() => {
    if (edit.data) setForm(formOf(edit.data.params as Params, photo));
    setSkipped(null);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [edit.data, info.data]);
  const apply = useMutation({
    mutationFn: () => unwrap(api.PUT('/listings/{id}/photos/{photoId}/edit', { params: { path: { id: itemId, photoId } }, body: editBody(form, photo) })),
    onSuccess: (v) => {
      qc.setQueryData(key, v);
      setSkipped(v.background_skipped);
      onEdited();
      toast({ title: s.saved, variant: 'success' });
    },
  });
  const reset = useMutation({
    mutationFn: () => unwrap(api.DELETE('/listings/{id}/photos/{photoId}/edit', { params: { path: { id: itemId, photoId } } })),
    onSuccess: (v) => {
      qc.setQueryData(key, v);
      setForm(EMPTY_FORM);
      onEdited();
    },
  });
  return (
    <div className="space-y-3 rounded-lg border p-3" data-testid="photo-editor">
      <div>
        <p className="font-medium">{s.title}</p>
        <p className="text-xs text-muted-foreground">{s.explain}</p>
      </div>
      <EditControls value={form} onChange={(p) => setForm((f) => ({ ...f, ...p }))} idPrefix={`edit-${photoId.slice(0, 8)}`} />
      {skipped && <Callout variant="warning">{s.skipped[skipped] ?? skipped}</Callout>}
      {(apply.isError || reset.isError) && <ErrorCallout error={apply.error ?? reset.error} />}
      <div className="flex flex-wrap gap-2">
        <Button onClick={() => apply.mutate()} disabled={apply.isPending || !info.data} data-testid="photo-edit-apply">
          <WandSparklesIcon aria-hidden="true" />
          {apply.isPending ? s.applying : s.apply}
        </Button>
        <Button variant="outline" onClick={() => reset.mutate()} disabled={reset.isPending || !edit.data?.edited} data-testid="photo-edit-reset">
          <Undo2Icon aria-hidden="true" />
          {s.reset}
        </Button>
      </div>
    </div>
  );
}
