import { CheckIcon } from 'lucide-react';
import { Field, Input, NativeSelect, Textarea } from '../ui/input.tsx';
import { useI18n } from '../../i18n/index.tsx';
import { cn } from '../../lib/utils.ts';
import { categoryLabel, categoryOptions, colourHex, colourOptions, conditionOptions, genderOptions, MAX_COLOURS, TITLE_MAX } from '../../lib/vocabulary.ts';
import type { ListingFormState } from './form-state.ts';

export function ColourPicker({ value, onChange, id }: { value: string[]; onChange(v: string[]): void; id: string }) {
  const { t, lang } = useI18n();
  const toggle = (key: string) => {
    if (value.includes(key)) onChange(value.filter((v) => v !== key));
    else if (value.length < MAX_COLOURS) onChange([...value, key]);
    else onChange([...value.slice(1), key]);
  };
  return (
    <fieldset className="min-w-0">
      <legend id={id} className="mb-1.5 text-sm font-medium">{t.listing.fields.colors}</legend>
      <div className="flex flex-wrap gap-1.5" role="group" aria-labelledby={id} aria-describedby={`${id}-hint`}>
        {colourOptions(lang).map((c) => {
          const on = value.includes(c.value);
          const bg = colourHex(c.value);
          return (
            <button
              key={c.value}
              type="button"
              aria-pressed={on}
              onClick={() => toggle(c.value)}
              className={cn(
                'inline-flex cursor-pointer items-center gap-1.5 rounded-full border px-2 py-1 text-xs',
                on ? 'border-primary bg-primary/10 font-medium text-foreground' : 'text-muted-foreground hover:bg-muted',
              )}
            >
              <span aria-hidden="true" className="size-3.5 rounded-full border border-black/15" style={{ background: bg ?? 'transparent' }} />
              {c.label}
              {on && <CheckIcon aria-hidden="true" className="size-3" />}
            </button>
          );
        })}
      </div>
      <p id={`${id}-hint`} className="mt-1 text-xs text-muted-foreground">{t.listing.colorsHint}</p>
    </fieldset>
  );
}

/** The classifier's likeliest categories as one-click choices (single listings and the bulk board alike). */
export function CategorySuggestions({ suggestions, value, onPick }: { suggestions: { category: string; score: number }[]; value: string; onPick(category: string): void }) {
  const { t, lang } = useI18n();
  if (!suggestions.length) return null;
  return (
    <div className="flex flex-wrap items-center gap-1.5" role="group" aria-label={t.listing.categorySuggestions} data-testid="category-suggestions">
      <span className="text-xs text-muted-foreground">{t.listing.categorySuggestions}</span>
      {suggestions.map((s) => (
        <button
          key={s.category}
          type="button"
          aria-pressed={value === s.category}
          onClick={() => onPick(s.category)}
          className={cn(
            'cursor-pointer rounded-full border px-2 py-0.5 text-xs',
            value === s.category ? 'border-primary bg-primary/10 font-medium' : 'text-muted-foreground hover:bg-muted',
          )}
        >
          {categoryLabel(s.category, lang)} <span className="tabular-nums">{Math.round(s.score * 100)} %</span>
        </button>
      ))}
    </div>
  );
}

/** Every field of a listing, editable; used for a saved item and for a fresh analysis before it is saved. */
export function ListingForm({
  value, onChange, errors = {}, idPrefix = 'l', showSoldPrice = false, only, categorySuggestions = [],
}: {
  value: ListingFormState;
  onChange(patch: Partial<ListingFormState>): void;
  errors?: Record<string, string>;
  idPrefix?: string;
  showSoldPrice?: boolean;
  /** Restrict to these fields (a preview accepts fewer edits than a saved item). */
  only?: (keyof ListingFormState)[];
  /** The classifier's likeliest categories (score 0–1), offered as one-click choices under the category. */
  categorySuggestions?: { category: string; score: number }[];
}) {
  const { t, lang } = useI18n();
  const f = t.listing.fields;
  const id = (k: string) => `${idPrefix}-${k}`;
  const show = (k: keyof ListingFormState) => !only || only.includes(k);
  const aria = (k: string) => ({ 'aria-invalid': errors[k] ? true : undefined, 'aria-describedby': errors[k] ? `${id(k)}-error` : `${id(k)}-hint` });
  const titleLen = value.title.trim().length;
  return (
    <div className="grid gap-4 sm:grid-cols-2">
      <Field id={id('title')} label={f.title} error={errors.title} hint={titleLen > TITLE_MAX ? t.listing.titleTooLong(TITLE_MAX) : t.listing.chars(titleLen, TITLE_MAX)} className="sm:col-span-2">
        <Input id={id('title')} value={value.title} maxLength={100} onChange={(e) => onChange({ title: e.target.value })} {...aria('title')} />
      </Field>
      <Field id={id('description')} label={f.description} error={errors.description} hint={t.listing.chars(value.description.length, 2000)} className="sm:col-span-2">
        <Textarea id={id('description')} rows={7} maxLength={2000} value={value.description} onChange={(e) => onChange({ description: e.target.value })} {...aria('description')} />
      </Field>
      {show('brand') && (
        <Field id={id('brand')} label={f.brand} error={errors.brand}>
          <Input id={id('brand')} value={value.brand} placeholder={t.listing.placeholders.brand} onChange={(e) => onChange({ brand: e.target.value })} {...aria('brand')} />
        </Field>
      )}
      {show('category') && (
        <Field id={id('category')} label={f.category} error={errors.category}>
          <NativeSelect id={id('category')} value={value.category} onChange={(e) => onChange({ category: e.target.value })} {...aria('category')}>
            <option value="">{t.listing.chooseCategory}</option>
            {categoryOptions(lang).map((c) => <option key={c.value} value={c.value}>{c.label}</option>)}
            {value.category && !categoryOptions(lang).some((c) => c.value === value.category) && <option value={value.category}>{value.category}</option>}
          </NativeSelect>
          <CategorySuggestions suggestions={categorySuggestions} value={value.category} onPick={(category) => onChange({ category })} />
        </Field>
      )}
      {show('size') && (
        <Field id={id('size')} label={f.size} error={errors.size}>
          <Input id={id('size')} value={value.size} placeholder={t.listing.placeholders.size} onChange={(e) => onChange({ size: e.target.value })} {...aria('size')} />
        </Field>
      )}
      {show('condition') && (
        <Field id={id('condition')} label={f.condition} error={errors.condition}>
          <NativeSelect id={id('condition')} value={value.condition} onChange={(e) => onChange({ condition: e.target.value })} {...aria('condition')}>
            <option value="">{t.listing.chooseCondition}</option>
            {conditionOptions(lang).map((c) => <option key={c.value} value={c.value}>{c.label}</option>)}
          </NativeSelect>
        </Field>
      )}
      {show('gender') && (
        <Field id={id('gender')} label={f.gender} error={errors.gender} hint={t.listing.genderHint}>
          <NativeSelect id={id('gender')} value={value.gender} onChange={(e) => onChange({ gender: e.target.value })} {...aria('gender')}>
            <option value="">{t.listing.genderUnknown}</option>
            {genderOptions(lang).map((g) => <option key={g.value} value={g.value}>{g.label}</option>)}
          </NativeSelect>
        </Field>
      )}
      {show('price') && (
        <Field id={id('price')} label={f.price} error={errors.price}>
          <Input id={id('price')} inputMode="decimal" value={value.price} onChange={(e) => onChange({ price: e.target.value })} {...aria('price')} />
        </Field>
      )}
      {show('material') && (
        <Field id={id('material')} label={f.material} error={errors.material}>
          <Input id={id('material')} value={value.material} placeholder={t.listing.placeholders.material} onChange={(e) => onChange({ material: e.target.value })} {...aria('material')} />
        </Field>
      )}
      {showSoldPrice && (
        <Field id={id('sold_price')} label={f.soldPrice} error={errors.sold_price} hint={t.item.soldPriceHint}>
          <Input id={id('sold_price')} inputMode="decimal" value={value.sold_price} onChange={(e) => onChange({ sold_price: e.target.value })} {...aria('sold_price')} />
        </Field>
      )}
      {show('colors') && (
        <div className="sm:col-span-2">
          <ColourPicker id={id('colors')} value={value.colors} onChange={(colors) => onChange({ colors })} />
          {errors.colors && <p role="alert" className="mt-1 text-xs text-destructive">{errors.colors}</p>}
        </div>
      )}
      {show('keywords') && (
        <Field id={id('keywords')} label={f.keywords} error={errors.keywords} hint={t.listing.keywordsHint}>
          <Input id={id('keywords')} value={value.keywords} placeholder={t.listing.placeholders.keywords} onChange={(e) => onChange({ keywords: e.target.value })} {...aria('keywords')} />
        </Field>
      )}
      {show('hashtags') && (
        <Field id={id('hashtags')} label={f.hashtags} error={errors.hashtags} hint={t.listing.hashtagsHint}>
          <Input id={id('hashtags')} value={value.hashtags} placeholder={t.listing.placeholders.hashtags} onChange={(e) => onChange({ hashtags: e.target.value })} {...aria('hashtags')} />
        </Field>
      )}
    </div>
  );
}
