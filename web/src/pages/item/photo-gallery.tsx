import { ChevronLeftIcon, ChevronRightIcon, EyeIcon, SlidersHorizontalIcon, StarIcon, Trash2Icon } from 'lucide-react';
import { useState } from 'react';
import { ApiImage } from '../../components/api-image.tsx';
import { Button } from '../../components/ui/button.tsx';
import { useI18n } from '../../i18n/index.tsx';
import { cn } from '../../lib/utils.ts';
import { PhotoEditor } from './photo-editor.tsx';
import type { Item } from './use-item.ts';

/** The item's photos: a large view, thumbnails to pick, and cover / order / removal saved as the photo id list. */
export function PhotoGallery({ item, onReorder, busy }: { item: Item; onReorder(ids: string[]): void; busy: boolean }) {
  const { t } = useI18n();
  const g = t.item.gallery;
  const [index, setIndex] = useState(0);
  const [editing, setEditing] = useState(false);
  const [original, setOriginal] = useState(false);
  // Bumped after each edit: the photo URL stays the same, the query string makes the browser ask again.
  const [version, setVersion] = useState(0);
  const photos = item.photos;
  const v = (url: string) => (version ? `${url}?v=${version}` : url);
  if (!photos.length) return <p className="text-sm text-muted-foreground">{g.none}</p>;
  const i = Math.min(index, photos.length - 1);
  const current = photos[i];
  const ids = photos.map((p) => p.id);
  const move = (from: number, to: number) => {
    const next = [...ids];
    const [x] = next.splice(from, 1);
    next.splice(to, 0, x);
    onReorder(next);
    setIndex(to);
  };
  return (
    <div className="space-y-3">
      <div className="relative overflow-hidden rounded-lg bg-muted">
        <ApiImage src={original ? `${current.url}?original=1` : v(current.url)} alt={g.photo(i + 1, photos.length)} className="aspect-[4/5] max-h-[26rem] w-full object-contain" />
        {i === 0 && <span className="absolute left-2 top-2 rounded-full bg-card/90 px-2 py-0.5 text-xs font-medium">{g.cover}</span>}
      </div>
      <div className="flex flex-wrap gap-1.5">
        <Button size="sm" variant="outline" disabled={busy || i === 0} onClick={() => move(i, 0)}>
          <StarIcon aria-hidden="true" />
          {g.makeCover}
        </Button>
        <Button size="icon-sm" variant="outline" disabled={busy || i === 0} onClick={() => move(i, i - 1)} aria-label={g.moveLeft}>
          <ChevronLeftIcon />
        </Button>
        <Button size="icon-sm" variant="outline" disabled={busy || i === photos.length - 1} onClick={() => move(i, i + 1)} aria-label={g.moveRight}>
          <ChevronRightIcon />
        </Button>
        <Button size="sm" variant={editing ? 'default' : 'outline'} aria-expanded={editing} onClick={() => setEditing((e) => !e)} data-testid="photo-edit-open">
          <SlidersHorizontalIcon aria-hidden="true" />
          {t.studio.open}
        </Button>
        <Button size="sm" variant="outline" aria-pressed={original} onClick={() => setOriginal((o) => !o)}>
          <EyeIcon aria-hidden="true" />
          {original ? t.studio.showEdited : t.studio.showOriginal}
        </Button>
        <Button size="sm" variant="ghost" className="ml-auto text-destructive" disabled={busy} onClick={() => { onReorder(ids.filter((x) => x !== current.id)); setIndex(Math.max(0, i - 1)); }}>
          <Trash2Icon aria-hidden="true" />
          {g.remove}
        </Button>
      </div>
      <ul className="grid grid-cols-5 gap-1.5 sm:grid-cols-6">
        {photos.map((p, k) => (
          <li key={p.id}>
            <button
              type="button"
              onClick={() => setIndex(k)}
              aria-label={g.show(k + 1)}
              aria-current={k === i}
              className={cn('block w-full cursor-pointer overflow-hidden rounded-md ring-offset-2 ring-offset-card', k === i && 'ring-2 ring-primary')}
            >
              <ApiImage src={v(p.thumb_url)} alt="" className="aspect-square w-full" />
            </button>
          </li>
        ))}
      </ul>
      {editing && <PhotoEditor key={current.id} itemId={item.id} photoId={current.id} onEdited={() => { setVersion((n) => n + 1); setOriginal(false); }} />}
    </div>
  );
}
