import { findMarketingPhrases } from './marketing-phrases.ts';

// Our publish-readiness rules: stricter than Vinted's limits (see shared/VINTED.md) so a listing reads well.
export const TITLE_MAX = 70;
export const TITLE_MIN = 5;
export const DESCRIPTION_MIN = 5;
export const DESCRIPTION_MAX = 2000;
export const HASHTAGS_MIN = 3;
export const HASHTAGS_MAX = 5;
export const PHOTOS_MIN = 3;
export const PHOTOS_MAX = 20;

export type MissingField =
  | 'title_too_long' | 'title_too_short' | 'description_too_short' | 'description_too_long' | 'hashtags_count'
  | 'emoji_found' | 'marketing_phrase' | 'missing_size' | 'missing_condition' | 'missing_brand'
  | 'missing_category' | 'missing_price' | 'too_few_photos' | 'too_many_photos';

export interface GateInput {
  title: string;
  description: string;
  hashtags: string[];
  brand: string | null;
  size: string | null;
  condition: string | null;
  category: string | null;
  price_cents: number | null;
  photo_count: number;
}

const EMOJI = /\p{Extended_Pictographic}/u;

/** Evaluates every gate; `publish_ready` only when none fails. Pure, re-run on every edit of an item. */
export function evaluateGates(i: GateInput): { publish_ready: boolean; missing_fields: MissingField[] } {
  const m: MissingField[] = [];
  const title = i.title.trim();
  if (title.length > TITLE_MAX) m.push('title_too_long');
  if (title.length < TITLE_MIN) m.push('title_too_short');
  const desc = i.description.trim();
  if (desc.length < DESCRIPTION_MIN) m.push('description_too_short');
  if (desc.length > DESCRIPTION_MAX) m.push('description_too_long');
  if (i.hashtags.length < HASHTAGS_MIN || i.hashtags.length > HASHTAGS_MAX) m.push('hashtags_count');
  if (EMOJI.test(title) || EMOJI.test(desc)) m.push('emoji_found');
  if (findMarketingPhrases(`${title}\n${desc}`).length > 0) m.push('marketing_phrase');
  if (!i.size?.trim()) m.push('missing_size');
  if (!i.condition) m.push('missing_condition');
  if (!i.brand?.trim()) m.push('missing_brand');
  if (!i.category?.trim()) m.push('missing_category');
  if (i.price_cents === null || i.price_cents < 100) m.push('missing_price');
  if (i.photo_count < PHOTOS_MIN) m.push('too_few_photos');
  if (i.photo_count > PHOTOS_MAX) m.push('too_many_photos');
  return { publish_ready: m.length === 0, missing_fields: m };
}
