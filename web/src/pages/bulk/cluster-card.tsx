import { AlertTriangleIcon, ArrowLeftIcon, ArrowRightIcon, CheckIcon, CombineIcon, ScissorsIcon, StarIcon } from 'lucide-react';
import { type DragEvent, useEffect, useState } from 'react';
import { Link } from 'react-router';
import { ApiImage } from '../../components/api-image.tsx';
import { Badge } from '../../components/ui/badge.tsx';
import { Button } from '../../components/ui/button.tsx';
import { Checkbox } from '../../components/ui/controls.tsx';
import { Input, Label, NativeSelect } from '../../components/ui/input.tsx';
import { Menu, MenuContent, MenuItem, MenuLabel, MenuSeparator, MenuSub, MenuSubContent, MenuSubTrigger, MenuTrigger } from '../../components/ui/menu.tsx';
import { useI18n } from '../../i18n/index.tsx';
import { cn } from '../../lib/utils.ts';
import { categoryLabel, categoryOptions, colourOptions } from '../../lib/vocabulary.ts';
import { ClusterLog } from './cluster-log.tsx';
import type { Cluster, ClusterPatch } from './use-bulk.ts';

export interface Override {
  title: string;
  price: string;
  publish: boolean;
}

const DRAG_TYPE = 'application/x-vintedbot-photo';

/** One group on the board: its photos (draggable, each with a menu), what it is, and its line in the plan. */
export function ClusterCard({
  job, cluster, others, onPatch, busy, override, onOverride,
}: {
  job: string;
  cluster: Cluster;
  others: string[];
  onPatch(id: string, body: Omit<ClusterPatch, 'job_id'>): void;
  busy: boolean;
  override: Override;
  onOverride(o: Partial<Override>): void;
}) {
  const { t, lang } = useI18n();
  const b = t.bulk.board;
  const [over, setOver] = useState(false);
  const [fields, setFields] = useState({ category: cluster.category ?? '', color: cluster.color_key ?? '', brand: cluster.brand ?? '', size: cluster.size ?? '' });
  const [mergeWith, setMergeWith] = useState('');
  useEffect(() => {
    setFields({ category: cluster.category ?? '', color: cluster.color_key ?? '', brand: cluster.brand ?? '', size: cluster.size ?? '' });
  }, [cluster.category, cluster.color_key, cluster.brand, cluster.size]);
  const ids = cluster.photos.map((p) => p.id);
  const cover = cluster.cover_photo_id ?? ids[0];
  const reorder = (from: number, to: number) => {
    const next = [...ids];
    const [x] = next.splice(from, 1);
    next.splice(to, 0, x);
    onPatch(cluster.id, { order: next });
  };
  const changed: Omit<ClusterPatch, 'job_id'> = {};
  if (fields.category && fields.category !== (cluster.category ?? '')) changed.category = fields.category;
  if (fields.color && fields.color !== (cluster.color_key ?? '')) changed.color = fields.color;
  if (fields.brand.trim() !== (cluster.brand ?? '')) changed.brand = fields.brand.trim() || null;
  if (fields.size.trim() !== (cluster.size ?? '')) changed.size = fields.size.trim() || null;
  const drop = (e: DragEvent) => {
    e.preventDefault();
    setOver(false);
    const raw = e.dataTransfer.getData(DRAG_TYPE);
    if (!raw) return;
    const { photoId, from } = JSON.parse(raw) as { photoId: string; from: string };
    if (from !== cluster.id) onPatch(from, { move: { photo_ids: [photoId], to: cluster.id } });
  };
  const idp = `cl-${cluster.id}`;
  return (
    <section
      aria-label={b.group(cluster.id)}
      data-testid="cluster"
      data-cluster={cluster.id}
      onDragOver={(e) => {
        if (e.dataTransfer.types.includes(DRAG_TYPE)) {
          e.preventDefault();
          setOver(true);
        }
      }}
      onDragLeave={() => setOver(false)}
      onDrop={drop}
      className={cn('flex min-w-0 flex-col gap-3 rounded-xl border bg-card p-3 shadow-sm transition-colors', over && 'border-primary bg-accent/50', busy && 'opacity-70')}
    >
      <header className="flex flex-wrap items-center gap-1.5">
        <h3 className="mr-auto text-sm font-semibold">{b.group(cluster.id)} · {t.common.photos(cluster.photos.length)}</h3>
        {cluster.few_photos && <Badge variant="warning"><AlertTriangleIcon aria-hidden="true" />{b.fewPhotos}</Badge>}
        {cluster.score !== null && <Badge variant="secondary">{b.score(Math.round(cluster.score * 100))}</Badge>}
        {cluster.item_id && <Badge variant="success"><CheckIcon aria-hidden="true" /><Link to={`/stock/${cluster.item_id}`}>{b.drafted}</Link></Badge>}
      </header>
      <ul className="grid grid-cols-4 gap-1.5">
        {cluster.photos.map((p, i) => (
          <li
            key={p.id}
            draggable
            onDragStart={(e) => {
              e.dataTransfer.setData(DRAG_TYPE, JSON.stringify({ photoId: p.id, from: cluster.id }));
              e.dataTransfer.effectAllowed = 'move';
            }}
            className="relative"
          >
            <Menu>
              <MenuTrigger asChild>
                <button type="button" aria-label={b.photoActions(p.filename)} className={cn('block w-full cursor-grab overflow-hidden rounded-md ring-offset-2 ring-offset-card', p.id === cover && 'ring-2 ring-primary')} data-testid="cluster-photo">
                  <ApiImage src={p.thumb_url} alt={p.filename} className="aspect-square w-full" draggable={false} />
                </button>
              </MenuTrigger>
              <MenuContent align="start">
                <MenuLabel className="max-w-56 truncate">{p.filename}</MenuLabel>
                <MenuItem disabled={p.id === cover} onSelect={() => onPatch(cluster.id, { cover_photo_id: p.id })}><StarIcon aria-hidden="true" />{b.makeCover}</MenuItem>
                <MenuItem disabled={i === 0} onSelect={() => reorder(i, i - 1)}><ArrowLeftIcon aria-hidden="true" />{b.moveLeft}</MenuItem>
                <MenuItem disabled={i === ids.length - 1} onSelect={() => reorder(i, i + 1)}><ArrowRightIcon aria-hidden="true" />{b.moveRight}</MenuItem>
                <MenuItem disabled={i === 0} onSelect={() => onPatch(cluster.id, { split_at: p.id })}><ScissorsIcon aria-hidden="true" />{b.splitHere}</MenuItem>
                <MenuSeparator />
                <MenuSub>
                  <MenuSubTrigger>{b.moveTo}</MenuSubTrigger>
                  <MenuSubContent>
                    <MenuItem onSelect={() => onPatch(cluster.id, { move: { photo_ids: [p.id], to: 'new' } })}>{b.newGroup}</MenuItem>
                    {others.map((o) => <MenuItem key={o} onSelect={() => onPatch(cluster.id, { move: { photo_ids: [p.id], to: o } })}>{b.group(o)}</MenuItem>)}
                  </MenuSubContent>
                </MenuSub>
              </MenuContent>
            </Menu>
            {p.id === cover && <span className="pointer-events-none absolute bottom-1 left-1 rounded bg-card/90 px-1 text-[10px] font-medium">{b.cover}</span>}
          </li>
        ))}
      </ul>
      <ClusterLog job={job} cluster={cluster.id} />
      <div className="grid grid-cols-2 gap-2">
        <div className="space-y-1">
          <Label htmlFor={`${idp}-cat`} className="text-xs">{b.category}</Label>
          <NativeSelect id={`${idp}-cat`} className="h-9" value={fields.category} onChange={(e) => setFields((f) => ({ ...f, category: e.target.value }))}>
            <option value="">–</option>
            {categoryOptions(lang).map((c) => <option key={c.value} value={c.value}>{c.label}</option>)}
            {fields.category && !categoryOptions(lang).some((c) => c.value === fields.category) && <option value={fields.category}>{categoryLabel(fields.category, lang)}</option>}
          </NativeSelect>
        </div>
        <div className="space-y-1">
          <Label htmlFor={`${idp}-col`} className="text-xs">{b.color}</Label>
          <NativeSelect id={`${idp}-col`} className="h-9" value={fields.color} onChange={(e) => setFields((f) => ({ ...f, color: e.target.value }))}>
            <option value="">–</option>
            {colourOptions(lang).map((c) => <option key={c.value} value={c.value}>{c.label}</option>)}
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
          <Input id={`${idp}-title`} className="h-9" value={override.title} placeholder={b.titlePlaceholder} onChange={(e) => onOverride({ title: e.target.value })} />
        </div>
        <div className="space-y-1">
          <Label htmlFor={`${idp}-price`} className="text-xs">{b.price}</Label>
          <Input id={`${idp}-price`} className="h-9" inputMode="decimal" value={override.price} onChange={(e) => onOverride({ price: e.target.value })} />
        </div>
      </div>
      <div className="flex flex-wrap items-center justify-between gap-2">
        <div className="flex items-center gap-2">
          <Checkbox id={`${idp}-publish`} checked={override.publish} onCheckedChange={(c) => onOverride({ publish: c === true })} />
          <Label htmlFor={`${idp}-publish`} className="text-sm">{b.publish}</Label>
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
