// Vinted's vocabulary (categories, colours, conditions), taken from the server's catalogue so both sides agree.
import { CATEGORIES, type Condition, CONDITION_INFO, CONDITIONS, GENDER_WORDS, GENDERS, VINTED_COLOURS } from '@vintedbot/catalog';
import type { Lang } from '../i18n/types.ts';

export { CONDITIONS, type Condition };
export const STATUSES = ['draft', 'listed', 'sold', 'archived'] as const;
export type Status = (typeof STATUSES)[number];

export const categoryOptions = (lang: Lang) =>
  CATEGORIES.map((c) => ({ value: c.key, label: c[lang] })).sort((a, b) => a.label.localeCompare(b.label, lang));

export function categoryLabel(key: string | null | undefined, lang: Lang): string {
  if (!key) return '';
  return CATEGORIES.find((c) => c.key === key)?.[lang] ?? key;
}

// The words the listing writer puts in titles ("homme"), capitalised for a menu.
export const genderOptions = (lang: Lang) =>
  GENDERS.map((g) => ({ value: g, label: GENDER_WORDS[g][lang].charAt(0).toUpperCase() + GENDER_WORDS[g][lang].slice(1) }));

export const colourOptions = (lang: Lang) => VINTED_COLOURS.map((c) => ({ value: c.key, label: c[lang], hex: c.hex }));

export function colourLabel(key: string, lang: Lang): string {
  return VINTED_COLOURS.find((c) => c.key === key || c.fr.toLowerCase() === key.toLowerCase())?.[lang] ?? key;
}

export function colourHex(key: string): string | undefined {
  const c = VINTED_COLOURS.find((x) => x.key === key || x.fr.toLowerCase() === key.toLowerCase());
  if (!c) return undefined;
  if (c.hex) return `#${c.hex}`;
  return { silver: '#c0c0c0', gold: '#d4af37', multi: 'conic-gradient(red, yellow, lime, cyan, blue, magenta, red)', turquoise: '#40e0d0', apricot: '#fbceb1', coral: '#ff7f50', lilac: '#c8a2c8', mint: '#98ff98', clear: 'transparent' }[c.key];
}

export const conditionOptions = (lang: Lang) => CONDITIONS.map((c) => ({ value: c, label: CONDITION_INFO[c][lang] }));

export function conditionLabel(key: string | null | undefined, lang: Lang): string {
  if (!key) return '';
  return (CONDITION_INFO as Record<string, { fr: string; en: string }>)[key]?.[lang] ?? key;
}

export const MAX_COLOURS = 2;
export const TITLE_MAX = 70;
export const PHOTOS_MAX = 20;
