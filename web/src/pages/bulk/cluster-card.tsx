import { AlertTriangleIcon, ArrowLeftIcon, ArrowRightIcon, CheckIcon, CombineIcon, GripIcon, ScissorsIcon, StarIcon } from 'lucide-react';
import { type KeyboardEvent, useEffect, useState } from 'react';
import { Link } from 'react-router';
import { ApiImage } from '../../components/api-image.tsx';
import { CategorySuggestions } from '../../components/listing/listing-form.tsx';
import { parseEuros } from '../../components/listing/form-state.ts';
import { Badge } from '../../components/ui/badge.tsx';
import { Button } from '../../components/ui/button.tsx';
import { Checkbox } from '../../components/ui/controls.tsx';
import { Input, Label, NativeSelect } from '../../components/ui/input.tsx';
import { Menu, MenuContent, MenuItem, MenuLabel, MenuSeparator, MenuSub, MenuSubContent, MenuSubTrigger, MenuTrigger } from '../../components/ui/menu.tsx';
import { useI18n } from '../../i18n/index.tsx';
import { cn } from '../../lib/utils.ts';
import { categoryLabel, categoryOptions, colourOptions } from '../../lib/vocabulary.ts';
import { ClusterLog } from './cluster-log.tsx';
import { usePhotoDrag } from './photo-drag.tsx';
import type { Cluster, ClusterPatch } from './use-bulk.ts';

export interface Override {
  title: string;
  price: string;
  publish: boolean;
}

type Patch = Omit<ClusterPatch, 'job_id'>;
type Photo = Cluster['photos'][number];

/**
 * One photo of a group: drag it onto another group (mouse, or a short press then drag with a finger), click or
 * press Enter for its menu, or Alt+arrows from the keyboard (←/→ within the group, ↑/↓ to the previous/next group).
 */
function PhotoTile({ cluster, photo, index, count, cover, others, neighbours, onPatch }: {
  cluster: Cluster;
  photo: Photo;
  index: number;
  count: number;
  cover: string | undefined;
  others: string[];
  neighbours: { previous: string | null; next: string | null };
  onPatch(id: string, body: Patch, focus?: string): void;
}) {
  const { t } = useI18n();
  const b = t.bulk.board;
  const drag = usePhotoDrag();
  const [open, setOpen] = useState(false);
  const ids = cluster.photos.map((p) => p.id);
  const reorder = (to: number) => {
    const next = [...ids];
    const [x] = next.splice(index, 1);
    next.splice(to, 0, x);
    onPatch(cluster.id, { order: next }, photo.id);
  };
  const moveTo = (to: string) => onPatch(cluster.id, { move: { photo_ids: [photo.id], to } }, photo.id);
  const onKeyDown = (e: KeyboardEvent) => {
    if (!e.altKey) return;
    const go = { ArrowLeft: index > 0 ? () => reorder(index - 1) : null, ArrowRight: index < count - 1 ? () => reorder(index + 1) : null, ArrowUp: neighbours.previous ? () => moveTo(neighbours.previous!) : null, ArrowDown: neighbours.next ? () => moveTo(neighbours.next!) : null }[e.key as 'ArrowLeft'];
    if (go === undefined) return;
    e.preventDefault(); // also keeps the menu closed (Alt+↓ would open it)
    go?.();
  };
  const dragging = drag.dragged?.photoId === photo.id;
  return (
    <li className="relative">
      <Menu open={open} onOpenChange={setOpen}>
        <MenuTrigger asChild>
          <button
            type="button"
            aria-label={b.photoActions(photo.filename)}
            aria-keyshortcuts="Alt+ArrowLeft Alt+ArrowRight Alt+ArrowUp Alt+ArrowDown"
            aria-roledescription={b.draggable}
            data-testid="cluster-photo"
            data-photo={photo.id}
            className={cn(
              'block w-full cursor-grab touch-manipulation select-none overflow-hidden rounded-md ring-offset-2 ring-offset-card [-webkit-touch-callout:none] active:cursor-grabbing',
              photo.id === cover && 'ring-2 ring-primary',
              dragging && 'opacity-40',
            )}
            // A press starts a drag, not the menu: the menu opens on a click that did not drag.
            onPointerDown={(e) => {
              drag.begin(e, { photoId: photo.id, from: cluster.id, thumb: photo.thumb_url, name: photo.filename });
              e.preventDefault();
            }}
            onClick={() => {
              if (!drag.consumeClick()) setOpen((o) => !o);
            }}
            onContextMenu={(e) => e.preventDefault()}
            onKeyDown={onKeyDown}
          >
            <ApiImage src={photo.thumb_url} alt={photo.filename} className="pointer-events-none aspect-square w-full" draggable={false} />
          </button>
        </MenuTrigger>
        <MenuContent align="start">
          <MenuLabel className="max-w-56 truncate">{photo.filename}</MenuLabel>
          <MenuItem disabled={photo.id === cover} onSelect={() => onPatch(cluster.id, { cover_photo_id: photo.id }, photo.id)}><StarIcon aria-hidden="true" />{b.makeCover}</MenuItem>
          <MenuItem disabled={index === 0} onSelect={() => reorder(index - 1)}><ArrowLeftIcon aria-hidden="true" />{b.moveLeft}</MenuItem>
          <MenuItem disabled={index === count - 1} onSelect={() => reorder(index + 1)}><ArrowRightIcon aria-hidden="true" />{b.moveRight}</MenuItem>
          <MenuItem disabled={index === 0} onSelect={() => onPatch(cluster.id, { split_at: photo.id })}><ScissorsIcon aria-hidden="true" />{b.splitHere}</MenuItem>
          <MenuSeparator />
          <MenuSub>
            <MenuSubTrigger>{b.moveTo}</MenuSubTrigger>
            <MenuSubContent>
              <MenuItem onSelect={() => moveTo('new')}>{b.newGroup}</MenuItem>
              {others.map((o) => <MenuItem key={o} onSelect={() => moveTo(o)}>{b.group(o)}</MenuItem>)}
            </MenuSubContent>
          </MenuSub>
        </MenuContent>
      </Menu>
      {photo.id === cover && <span className="pointer-events-none absolute bottom-1 left-1 rounded bg-card/90 px-1 text-[10px] font-medium">{b.cover}</span>}
    </li>
  );
}

const fieldsOf = (c: Cluster) => ({ category: c.category ?? '', color: c.color_key ?? '', color2: c.color_secondary_key ?? '', brand: c.brand ?? '', size: c.size ?? '' });

/** One group on the board: its photos (each draggable, with a menu), what it is, and its line in the plan (saved as typed). */
export function ClusterCard({
  job, cluster, others, neighbours, onPatch, busy, override, onOverride, saveState,
}: {
  job: string;
  cluster: Cluster;
  others: string[];
  neighbours: { previous: string | null; next: string | null };
  onPatch(id: string, body: Patch, focus?: string): void;
  busy: boolean;
  override: Override;
  onOverride(o: Partial<Override>): void;
  saveState: 'idle' | 'pending' | 'saved' | 'error';
}) {
  const { t, lang } = useI18n();
  const b = t.bulk.board;
  const drag = usePhotoDrag();
  const [fields, setFields] = useState(() => fieldsOf(cluster));
  const [mergeWith, setMergeWith] = useState('');
  useEffect(() => {
    setFields(fieldsOf(cluster));
  }, [cluster.category, cluster.color_key, cluster.color_secondary_key, cluster.brand, cluster.size]);
  const cover = cluster.cover_photo_id ?? cluster.photos[0]?.id;
  const changed: Patch = {};
  if (fields.category && fields.category !== (cluster.category ?? '')) changed.category = fields.category;
  if (fields.color && fields.color !== (cluster.color_key ?? '')) changed.color = fields.color;
  if (fields.color2 !== (cluster.color_secondary_key ?? '')) changed.color_secondary = fields.color2 || null;
  if (fields.brand.trim() !== (cluster.brand ?? '')) changed.brand = fields.brand.trim() || null;
  if (fields.size.trim() !== (cluster.size ?? '')) changed.size = fields.size.trim() || null;
  const price = parseEuros(override.price);
  const priceBad = override.price.trim() !== '' && (price === null || Number.isNaN(price) || price < 1);
  const idp = `cl-${cluster.id}`;
  const over = drag.over === cluster.id && drag.dragged?.from !== cluster.id;
  return (
    <section
      aria-label={b.group(cluster.id)}
      data-testid="cluster"
      data-cluster={cluster.id}
      data-drop-cluster={cluster.id}
      className={cn('flex min-w-0 flex-col gap-3 rounded-xl border bg-card p-3 shadow-sm transition-colors', over && 'border-primary bg-accent/50 ring-2 ring-primary', busy && 'opacity-70')}
    >
      <header className="flex flex-wrap items-center gap-1.5">
        <h3 className="mr-auto text-sm font-semibold">{b.group(cluster.id)} · {t.common.photos(cluster.photos.length)}</h3>
        {cluster.few_photos && <Badge variant="warning"><AlertTriangleIcon aria-hidden="true" />{b.fewPhotos}</Badge>}
        {cluster.score !== null && <Badge variant="secondary" title={b.scoreHint}>{b.score(Math.round(cluster.score * 100))}</Badge>}
        {cluster.item_id && <Badge variant="success"><CheckIcon aria-hidden="true" /><Link to={`/stock/${cluster.item_id}`}>{b.drafted}</Link></Badge>}
      </header>
      <ul className="grid grid-cols-4 gap-1.5">
        {cluster.photos.map((p, i) => (
          <PhotoTile key={p.id} cluster={cluster} photo={p} index={i} count={cluster.photos.length} cover={cover} others={others} neighbours={neighbours} onPatch={onPatch} />
        ))}
      </ul>
      {over && <p className="-mt-1 text-center text-xs font-medium text-primary">{b.dropHere}</p>}
      <ClusterLog job={job} cluster={cluster.id} />
      <div className="grid grid-cols-2 gap-2">
        <div className="col-span-2 space-y-1">
          <Label htmlFor={`${idp}-cat`} className="text-xs">{b.category}</Label>
          <NativeSelect id={`${idp}-cat`} className="h-9" value={fields.category} onChange={(e) => setFields((f) => ({ ...f, category: e.target.value }))}>
            <option value="">–</option>
            {categoryOptions(lang).map((c) => <option key={c.value} value={c.value}>{c.label}</option>)}
            {fields.category && !categoryOptions(lang).some((c) => c.value === fields.category) && <option value={fields.category}>{categoryLabel(fields.category, lang)}</option>}
          </NativeSelect>
          <CategorySuggestions suggestions={cluster.category_candidates} value={fields.category} onPick={(category) => setFields((f) => ({ ...f, category }))} />
        </div>
        <div className="space-y-1">
          <Label htmlFor={`${idp}-col`} className="text-xs">{b.color}</Label>
          <NativeSelect id={`${idp}-col`} className="h-9" value={fields.color} onChange={(e) => setFields((f) => ({ ...f, color: e.target.value }))}>
            <option value="">–</option>
            {colourOptions(lang).map((c) => <option key={c.value} value={c.value}>{c.label}</option>)}
          </NativeSelect>
        </div>
        <div className="space-y-1">
          <Label htmlFor={`${idp}-col2`} className="text-xs">{b.color2}</Label>
          <NativeSelect id={`${idp}-col2`} className="h-9" value={fields.color2} onChange={(e) => setFields((f) => ({ ...f, color2: e.target.value }))}>
            <option value="">{b.noColor2}</option>
            {colourOptions(lang).filter((c) => c.value !== fields.color).map((c) => <option key={c.value} value={c.value}>{c.label}</option>)}
          </NativeSelect>
        </div>
        <div className="space-y-1">
          <Label htmlFor={`${idp}-brand`} className="text-xs">{b.brand}</Label>
          <Input id={`${idp}-brand`} className="h-9" value={fields.brand} onChange={(e) => setFields((f) => ({ ...f, brand: e.target.value }))} />
        </div>
        <div className="space-y-1">
          <Label htmlFor={`${idp}-size`} className="text-xs">{b.size}</Label>
          <Input id={`${idp}-size`} className="h-9" value={fields.size} onChange={(e) => setFields((f) => ({ ...f, size: e.target.value }))} />
        </div>
      </div>
      {Object.keys(changed).length > 0 && (
        <Button size="sm" variant="outline" disabled={busy} onClick={() => onPatch(cluster.id, changed)}>{b.apply}</Button>
      )}
      <div className="grid grid-cols-[1fr_6rem] gap-2 border-t pt-3">
        <div className="space-y-1">
          <Label htmlFor={`${idp}-title`} className="text-xs">{b.titleOverride}</Label>
          <Input id={`${idp}-title`} className="h-9" value={override.title} maxLength={100} placeholder={b.titlePlaceholder} onChange={(e) => onOverride({ title: e.target.value })} />
        </div>
        <div className="space-y-1">
          <Label htmlFor={`${idp}-price`} className="text-xs">{b.price}</Label>
          <Input id={`${idp}-price`} className="h-9" inputMode="decimal" value={override.price} aria-invalid={priceBad || undefined} aria-describedby={priceBad ? `${idp}-price-error` : undefined} onChange={(e) => onOverride({ price: e.target.value })} />
        </div>
        {priceBad && <p id={`${idp}-price-error`} role="alert" className="col-span-2 text-xs text-destructive">{b.priceInvalid}</p>}
      </div>
      <div className="flex flex-wrap items-center justify-between gap-2">
        <div className="flex items-center gap-2">
          <Checkbox id={`${idp}-publish`} checked={override.publish} onCheckedChange={(c) => onOverride({ publish: c === true })} />
          <Label htmlFor={`${idp}-publish`} className="text-sm">{b.publish}</Label>
          <span className="text-xs text-muted-foreground" aria-live="polite" data-testid="cluster-save-state">
            {saveState === 'pending' ? t.common.saving : saveState === 'saved' ? t.common.saved : saveState === 'error' ? b.notSaved : ''}
          </span>
        </div>
        {others.length > 0 && (
          <div className="flex items-center gap-1">
            <NativeSelect aria-label={b.mergeInto} className="h-8 w-auto text-xs" value={mergeWith} onChange={(e) => setMergeWith(e.target.value)}>
              <option value="">{b.mergeInto}</option>
              {others.map((o) => <option key={o} value={o}>{b.group(o)}</option>)}
            </NativeSelect>
            <Button size="sm" variant="ghost" disabled={!mergeWith || busy} onClick={() => { onPatch(cluster.id, { merge: [mergeWith] }); setMergeWith(''); }} aria-label={b.merge}>
              <CombineIcon aria-hidden="true" />
            </Button>
          </div>
        )}
      </div>
    </section>
  );
}

/** Shown while a photo is dragged: drop it here and it starts a new group. */
export function NewGroupDropZone() {
  const { t } = useI18n();
  const drag = usePhotoDrag();
  if (!drag.dragged) return null;
  return (
    <div
      data-drop-cluster="new"
      data-testid="drop-new-group"
      className={cn('flex min-h-32 items-center justify-center gap-2 rounded-xl border-2 border-dashed p-3 text-sm text-muted-foreground', drag.over === 'new' && 'border-primary bg-accent/50 text-foreground')}
    >
      <GripIcon aria-hidden="true" className="size-4" />
      {t.bulk.board.dropNewGroup}
    </div>
  );
}
