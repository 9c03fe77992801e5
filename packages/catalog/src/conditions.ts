import { CONDITION_SYNONYMS, foldWord } from './synonyms.ts';

// Vinted condition ids (status_id). Mapped by id, never by position: the site's list order is not stable.
export const CONDITIONS = ['new_with_tags', 'new_without_tags', 'very_good', 'good', 'satisfactory'] as const;
export type Condition = (typeof CONDITIONS)[number];

export const CONDITION_INFO: Record<Condition, { vintedId: number; fr: string; en: string }> = {
  new_with_tags: { vintedId: 6, fr: 'Neuf avec étiquette', en: 'New with tags' },
  new_without_tags: { vintedId: 1, fr: 'Neuf sans étiquette', en: 'New without tags' },
  very_good: { vintedId: 2, fr: 'Très bon état', en: 'Very good' },
  good: { vintedId: 3, fr: 'Bon état', en: 'Good' },
  satisfactory: { vintedId: 4, fr: 'Satisfaisant', en: 'Satisfactory' },
};

const ALIASES: Record<string, Condition> = {
  'neuf avec etiquette': 'new_with_tags', 'neuf avec étiquette': 'new_with_tags', 'new with tags': 'new_with_tags', nwt: 'new_with_tags',
  'neuf sans etiquette': 'new_without_tags', 'neuf sans étiquette': 'new_without_tags', 'new without tags': 'new_without_tags', neuf: 'new_without_tags', new: 'new_without_tags',
  'tres bon etat': 'very_good', 'très bon état': 'very_good', 'tres bon': 'very_good', 'très bon': 'very_good', 'very good': 'very_good',
  'bon etat': 'good', 'bon état': 'good', bon: 'good', good: 'good',
  satisfaisant: 'satisfactory', satisfactory: 'satisfactory', 'etat satisfaisant': 'satisfactory', 'état satisfaisant': 'satisfactory',
};

/** Reads a condition from our code, a French or English label, or a Vinted status id; null when unknown. */
export function parseCondition(input: unknown): Condition | null {
  if (input === null || input === undefined) return null;
  const raw = String(input).trim();
  if ((CONDITIONS as readonly string[]).includes(raw)) return raw as Condition;
  const byId = Object.entries(CONDITION_INFO).find(([, v]) => String(v.vintedId) === raw);
  if (byId) return byId[0] as Condition;
  const key = raw.toLowerCase().replace(/[_-]+/g, ' ').replace(/\s+/g, ' ');
  return ALIASES[key] ?? ALIASES[key.normalize('NFD').replace(/\p{M}/gu, '')] ?? CONDITION_SYNONYMS[foldWord(raw).replace(/'/g, ' ')] ?? null;
}
