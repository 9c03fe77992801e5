import { DEFECT_SEVERITIES, DEFECT_TYPES, type Defect, type DefectSeverity, type DefectType } from '@vintedbot/catalog';
import { PlusIcon, XIcon } from 'lucide-react';
import { useState } from 'react';
import { Button } from '../../components/ui/button.tsx';
import { Field, Input, NativeSelect } from '../../components/ui/input.tsx';
import { useI18n } from '../../i18n/index.tsx';

/**
 * The item's defects, as read from the photos or ticked by the seller: each can be removed, and one from the same
 * list added (type, how visible, where, which photo shows it). Each lowers the condition and the price, and is
 * written in the description; the preview re-composes on every change.
 */
export function DefectsEditor({ value, photoCount, onChange }: { value: Defect[]; photoCount: number; onChange(next: Defect[]): void }) {
  const { t } = useI18n();
  const d = t.newListing.defects;
  const [type, setType] = useState<DefectType>('stain');
  const [severity, setSeverity] = useState<DefectSeverity>('minor');
  const [location, setLocation] = useState('');
  const [photo, setPhoto] = useState('');
  const add = () => {
    onChange([...value, { type, severity, location: location.trim() || null, photo: photo ? Number(photo) : null }]);
    setLocation('');
    setPhoto('');
  };
  return (
    <fieldset className="space-y-2" data-testid="defects">
      <legend className="text-sm font-medium">{d.title}</legend>
      <p className="text-xs text-muted-foreground">{d.hint}</p>
      {value.length === 0 ? <p className="text-sm" data-testid="defects-none">{d.none}</p> : (
        <ul className="space-y-1">
          {value.map((x, i) => (
            <li key={`${x.type}-${i}`} className="flex items-center justify-between gap-2 rounded-md border px-2 py-1 text-sm" data-testid="defect">
              <span>{d.line(d.types[x.type], d.severities[x.severity], x.location, x.photo)}</span>
              <Button type="button" variant="ghost" size="sm" aria-label={d.remove} onClick={() => onChange(value.filter((_, j) => j !== i))}>
                <XIcon aria-hidden="true" />
              </Button>
            </li>
          ))}
        </ul>
      )}
      <div className="grid gap-2 sm:grid-cols-[1fr_1fr_1.4fr_0.8fr_auto] sm:items-end">
        <Field id="defect-type" label={d.type}>
          <NativeSelect id="defect-type" value={type} onChange={(e) => setType(e.target.value as DefectType)}>
            {DEFECT_TYPES.map((k) => <option key={k} value={k}>{d.types[k]}</option>)}
          </NativeSelect>
        </Field>
        <Field id="defect-severity" label={d.severity}>
          <NativeSelect id="defect-severity" value={severity} onChange={(e) => setSeverity(e.target.value as DefectSeverity)}>
            {DEFECT_SEVERITIES.map((k) => <option key={k} value={k}>{d.severities[k]}</option>)}
          </NativeSelect>
        </Field>
        <Field id="defect-location" label={d.location}>
          <Input id="defect-location" value={location} maxLength={60} placeholder={d.locationExample} onChange={(e) => setLocation(e.target.value)} />
        </Field>
        <Field id="defect-photo" label={d.photo}>
          <NativeSelect id="defect-photo" value={photo} onChange={(e) => setPhoto(e.target.value)}>
            <option value="">{d.noPhoto}</option>
            {Array.from({ length: photoCount }, (_, i) => <option key={i} value={String(i + 1)}>{i + 1}</option>)}
          </NativeSelect>
        </Field>
        <Button type="button" variant="outline" onClick={add} disabled={value.length >= 8} data-testid="defect-add">
          <PlusIcon aria-hidden="true" /> {d.add}
        </Button>
      </div>
    </fieldset>
  );
}
