import { z } from 'zod';
import {
  type Condition, CONDITION_CAP, CONDITION_INFO, CONDITIONS, type Defect, DEFECT_FACTOR_FLOOR, DEFECT_PRICE_FACTOR, DEFECT_SEVERITIES, DEFECT_TYPES,
  DEFECT_WORDS, type Language, SEVERITY_WORDS,
} from '@vintedbot/catalog';
import type { ListingFacts } from './writer/listing-facts.ts';

// Defects, read by the LLM from the photos or ticked by the seller from the same list: each lowers the suggested
// condition (the worst one decides: minor → at best "très bon état", moderate → "bon état", major →
// "satisfaisant") and the price (factors multiply, never below half), and is written in the description as a fact
// ("petite tache sur la manche gauche, voir photo 4"). Pure functions; the seller confirms or removes each.
export const DefectSchema = z.object({
  type: z.enum(DEFECT_TYPES).describe('stain, hole, tear, pilling, discolouration, wear or other'),
  severity: z.enum(DEFECT_SEVERITIES).describe('minor (small, hard to see), moderate (visible), major (large, affects wearing)'),
  photo: z.number().nullable().describe('Number of the photo that shows it, from 1; null when none does'),
  location: z.string().nullable().describe('Where on the garment, in the listing language, with its article ("la manche gauche", "le col"); null when not clear'),
}).strict();
export const DEFECTS_MAX = 8;

/** A defect from a model or a client, bounded: a photo number in range (else none), a short location. */
export function boundDefect(d: Defect, photoCount = 20): Defect {
  const photo = d.photo !== null && Number.isInteger(d.photo) && d.photo >= 1 && d.photo <= photoCount ? d.photo : null;
  const location = d.location?.replace(/[\r\n]+/g, ' ').trim().slice(0, 60) || null;
  return { type: d.type, severity: d.severity, photo, location };
}

/** "petite tache sur la manche gauche, voir photo 4" / "small stain on the left sleeve, see photo 4". */
export function defectPhrase(d: Defect, language: Language): string {
  const w = DEFECT_WORDS[d.type];
  if (language === 'fr') {
    const adj = SEVERITY_WORDS[d.severity].fr[w.fem ? 1 : 0] + (w.plural && SEVERITY_WORDS[d.severity].fr[0] ? 's' : '');
    return [adj ? `${adj} ${w.fr}` : w.fr, d.location ? ` sur ${d.location}` : '', d.photo ? `, voir photo ${d.photo}` : ''].join('');
  }
  const adj = SEVERITY_WORDS[d.severity].en;
  return [adj ? `${adj} ${w.en}` : w.en, d.location ? ` on ${d.location}` : '', d.photo ? `, see photo ${d.photo}` : ''].join('');
}

const rank = (c: Condition) => CONDITIONS.indexOf(c);

/** The condition an item with these defects can claim: the given one, or lower when a defect caps it. */
export function conditionWithDefects(condition: Condition | null, defects: readonly Defect[]): Condition | null {
  if (!defects.length) return condition;
  const cap = defects.map((d) => CONDITION_CAP[d.severity]).reduce((a, b) => (rank(a) >= rank(b) ? a : b));
  return condition === null || rank(cap) > rank(condition) ? cap : condition;
}

export function defectPriceFactor(defects: readonly Defect[]): number {
  return Math.max(DEFECT_FACTOR_FLOOR, defects.reduce((f, d) => f * DEFECT_PRICE_FACTOR[d.severity], 1));
}

export interface DefectEffect {
  facts: ListingFacts;
  /** The price factor (1 without defects) and the words the price justification adds. */
  price: { factor: number; label: string } | null;
  /** Why the condition and the price were lowered, in French like the justification; null without defects. */
  explanation: string | null;
}

/** What the defects do to the price: the factor and the words the justification adds; null without defects. */
export function defectPrice(items: readonly Defect[]): { factor: number; label: string } | null {
  if (!items.length) return null;
  const factor = Math.round(defectPriceFactor(items) * 100) / 100;
  // A dot like the justification's other factors: the web reads the sentence back in the seller's language and format.
  return { factor, label: `${items.length} défaut${items.length > 1 ? 's' : ''} ×${String(factor)}` };
}

/** The facts the listing is written from once the defects are counted: condition capped, defects in the text. */
export function applyDefects(f: ListingFacts, language: Language): DefectEffect {
  const items = f.defect_items ?? [];
  const price = defectPrice(items);
  if (!price) return { facts: f, price: null, explanation: null };
  const condition = conditionWithDefects(f.condition, items);
  const phrases = items.map((d) => defectPhrase(d, language === 'fr' ? 'fr' : 'en'));
  const { factor } = price;
  const kinds = items.map((d) => `${DEFECT_WORDS[d.type].fr} (${({ minor: 'léger', moderate: 'visible', major: 'important' } as const)[d.severity]})`).join(', ');
  const lowered = condition !== f.condition && condition !== null;
  const f2 = String(factor).replace('.', ',');
  const explanation = `${items.length > 1 ? 'Défauts signalés' : 'Défaut signalé'} : ${kinds}. ${lowered ? `État ramené à « ${CONDITION_INFO[condition].fr} » et prix ×${f2}.` : `Prix ×${f2}.`}`;
  return { facts: { ...f, condition, defects: [...f.defects, ...phrases] }, price, explanation };
}
