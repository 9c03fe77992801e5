import { FlipHorizontal2Icon, FlipVertical2Icon, RotateCcwIcon, RotateCwIcon } from 'lucide-react';
import { Button } from '../ui/button.tsx';
import { Switch } from '../ui/controls.tsx';
import { Field, NativeSelect } from '../ui/input.tsx';
import { useI18n } from '../../i18n/index.tsx';
import type { Schemas } from '../../api/client.ts';

// The studio's controls, shared by the item page (one photo, with crop position) and the stock's batch dialog
// (the same edit on many photos: no position, a ratio gives each photo its own centred crop).
type Params = Schemas['PhotoEditParams'];
export type Ratio = Params['aspect'];
export const RATIOS: readonly Ratio[] = ['free', '1:1', '4:5', '3:4'];
export const BACKGROUNDS: readonly Params['background'][] = ['none', 'white', 'neutral'];

/**
 * The server's edit parameters (PhotoEditParams, from the OpenAPI schema), except the crop, which the seller holds
 * as a size and a position for the chosen ratio (editBody turns them into the crop), and quarter turns only.
 */
export type EditForm = Omit<Params, 'crop' | 'rotate'> & {
  rotate: 0 | 90 | 180 | 270;
  zoom: number; // 30–100 % of the largest crop of the ratio
  posX: number; // 0–100 %
  posY: number;
};

export const EMPTY_FORM: EditForm = {
  rotate: 0, straighten: 0, flip_h: false, flip_v: false, aspect: 'free', zoom: 100, posX: 50, posY: 50,
  brightness: 0, contrast: 0, saturation: 0, warmth: 0, tint: 0, auto: false, background: 'none',
};

type Crop = NonNullable<Params['crop']>;

/** The crop (fractions of the frame the seller sees) for a ratio, a size and a position; null for the whole photo. */
export function cropOf(f: EditForm, photo: { width: number; height: number } | null): Crop | null {
  if (!photo || (f.aspect === 'free' && f.zoom >= 100)) return null;
  const [W, H] = f.rotate % 180 === 0 ? [photo.width, photo.height] : [photo.height, photo.width];
  const [a, b] = f.aspect === 'free' ? [W, H] : f.aspect.split(':').map(Number);
  const want = a / b, have = W / H;
  const z = Math.max(0.3, Math.min(1, f.zoom / 100));
  const width = (want < have ? want / have : 1) * z;
  const height = (want < have ? 1 : have / want) * z;
  const r = (v: number) => Math.floor(v * 1e5) / 1e5;
  return { x: r((1 - width) * (f.posX / 100)), y: r((1 - height) * (f.posY / 100)), width: r(width), height: r(height) };
}

/** The body the API takes for a form (the crop computed when the photo's size is known). */
export function editBody(f: EditForm, photo: { width: number; height: number } | null, withCrop = true) {
  const crop = withCrop ? cropOf(f, photo) : null;
  return {
    rotate: f.rotate, straighten: f.straighten, flip_h: f.flip_h, flip_v: f.flip_v,
    aspect: f.aspect, ...(crop ? { crop } : {}),
    brightness: f.brightness, contrast: f.contrast, saturation: f.saturation, warmth: f.warmth, tint: f.tint,
    auto: f.auto, background: f.background,
  };
}

function Slider({ id, label, value, min, max, step = 1, onChange }: { id: string; label: string; value: number; min: number; max: number; step?: number; onChange(v: number): void }) {
  return (
    <div className="space-y-1">
      <div className="flex items-center justify-between text-xs">
        <label htmlFor={id} className="font-medium">{label}</label>
        <span className="tabular-nums text-muted-foreground">{value}</span>
      </div>
      <input id={id} type="range" min={min} max={max} step={step} value={value} onChange={(e) => onChange(Number(e.target.value))} className="w-full accent-primary" />
    </div>
  );
}

export function EditControls({ value, onChange, idPrefix, position = true }: { value: EditForm; onChange(p: Partial<EditForm>): void; idPrefix: string; position?: boolean }) {
  const { t } = useI18n();
  const s = t.studio;
  const id = (k: string) => `${idPrefix}-${k}`;
  return (
    <div className="space-y-3">
      <div className="flex flex-wrap gap-1.5">
        <Button type="button" size="sm" variant="outline" onClick={() => onChange({ rotate: ((value.rotate + 270) % 360) as EditForm['rotate'] })}>
          <RotateCcwIcon aria-hidden="true" />{s.rotateLeft}
        </Button>
        <Button type="button" size="sm" variant="outline" onClick={() => onChange({ rotate: ((value.rotate + 90) % 360) as EditForm['rotate'] })}>
          <RotateCwIcon aria-hidden="true" />{s.rotateRight}
        </Button>
        <Button type="button" size="sm" variant={value.flip_h ? 'default' : 'outline'} aria-pressed={value.flip_h} onClick={() => onChange({ flip_h: !value.flip_h })}>
          <FlipHorizontal2Icon aria-hidden="true" />{s.flipH}
        </Button>
        <Button type="button" size="sm" variant={value.flip_v ? 'default' : 'outline'} aria-pressed={value.flip_v} onClick={() => onChange({ flip_v: !value.flip_v })}>
          <FlipVertical2Icon aria-hidden="true" />{s.flipV}
        </Button>
      </div>
      <div className="grid gap-3 sm:grid-cols-2">
        <Slider id={id('straighten')} label={s.straighten} value={value.straighten} min={-15} max={15} step={0.5} onChange={(v) => onChange({ straighten: v })} />
        <Field id={id('ratio')} label={s.ratio}>
          <NativeSelect id={id('ratio')} value={value.aspect} onChange={(e) => onChange({ aspect: e.target.value as Ratio })}>
            {RATIOS.map((r) => <option key={r} value={r}>{s.ratios[r]}</option>)}
          </NativeSelect>
        </Field>
        {position && (
          <>
            <Slider id={id('zoom')} label={s.zoom} value={value.zoom} min={30} max={100} onChange={(v) => onChange({ zoom: v })} />
            <Slider id={id('pos-x')} label={s.moveX} value={value.posX} min={0} max={100} onChange={(v) => onChange({ posX: v })} />
            <Slider id={id('pos-y')} label={s.moveY} value={value.posY} min={0} max={100} onChange={(v) => onChange({ posY: v })} />
          </>
        )}
        <Slider id={id('brightness')} label={s.brightness} value={value.brightness} min={-100} max={100} onChange={(v) => onChange({ brightness: v })} />
        <Slider id={id('contrast')} label={s.contrast} value={value.contrast} min={-100} max={100} onChange={(v) => onChange({ contrast: v })} />
        <Slider id={id('saturation')} label={s.saturation} value={value.saturation} min={-100} max={100} onChange={(v) => onChange({ saturation: v })} />
        <Slider id={id('warmth')} label={s.warmth} value={value.warmth} min={-100} max={100} onChange={(v) => onChange({ warmth: v })} />
        <Slider id={id('tint')} label={s.tint} value={value.tint} min={-100} max={100} onChange={(v) => onChange({ tint: v })} />
      </div>
      <label className="flex items-center gap-2 text-sm" htmlFor={id('auto')}>
        <Switch id={id('auto')} checked={value.auto} onCheckedChange={(c) => onChange({ auto: c })} />
        {s.auto}
      </label>
      <Field id={id('background')} label={s.background} hint={s.backgroundHint}>
        <NativeSelect id={id('background')} value={value.background} onChange={(e) => onChange({ background: e.target.value as EditForm['background'] })}>
          {BACKGROUNDS.map((b) => <option key={b} value={b}>{s.backgrounds[b]}</option>)}
        </NativeSelect>
      </Field>
    </div>
  );
}
