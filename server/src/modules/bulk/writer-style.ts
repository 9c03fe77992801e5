// POST /bulk/generate's `style`: "minimal" is the short template the plan already wrote; the others are the
// listing writer's tones, under the words the seeds and sellers use for them.
import { emptyFacts, type ListingFacts } from '../analysis/index.ts';
import type { Tone } from '@vintedbot/catalog';
import type { PlanItem } from './plan-templates.ts';

export type WriterStyle = 'minimal' | Tone;

const STYLES: Record<string, WriterStyle> = {
  minimal: 'minimal', minimale: 'minimal', short: 'minimal', court: 'minimal', template: 'minimal', simple: 'minimal',
  pro: 'pro', professional: 'pro', professionnel: 'pro', detailed: 'pro', detaille: 'pro', standard: 'pro', neutral: 'pro',
  amical: 'amical', friendly: 'amical', casual: 'amical', decontracte: 'amical', chaleureux: 'amical',
  fluide: 'fluide', fluid: 'fluide', storytelling: 'fluide', narrative: 'fluide', elegant: 'fluide',
};

/** The style a seller's word names, or null when it names none. */
export function parseStyle(word: string): WriterStyle | null {
  return STYLES[word.trim().toLowerCase().normalize('NFD').replace(/\p{M}/gu, '').replace(/[\s_-]+/g, '')] ?? null;
}

export const STYLE_WORDS = Object.keys(STYLES);

/** The writer's facts of a planned group (what the plan knows, nothing invented). */
export function writerFacts(item: PlanItem): ListingFacts {
  return { ...emptyFacts(), category: item.category, brand: item.brand, size: item.size, condition: item.condition, gender: item.gender ?? null, colors: item.colors };
}
