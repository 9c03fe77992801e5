import { findMarketingPhrases } from '../../listings/index.ts';
import { buildDescription } from './listing-description.ts';
import type { ListingFacts } from './listing-facts.ts';
import { buildHashtags, buildKeywords } from './listing-keywords.ts';
import { buildTitle } from './listing-title.ts';
import type { Language, Tone } from '@vintedbot/catalog';

export interface WrittenListing {
  title: string;
  description: string;
  keywords: string[];
  hashtags: string[];
  tone: Tone;
  language: Language;
}

// Pictographs, their variation selectors and joiners: an emoji is never kept, whatever its source.
const EMOJI = /[\p{Extended_Pictographic}\u{FE0F}\u{200D}\u{20E3}\u{1F3FB}-\u{1F3FF}]/gu;

/** Free text from outside (seller notes, model observations): no emoji, no marketing sentence, one line. */
export function cleanText(s: string, maxLen = 300): string {
  const flat = s.replace(EMOJI, '').replace(/[\r\n\t]+/g, ' ').replace(/\s+/g, ' ').trim();
  // Whole sentences (or comma-separated clauses) that carry a marketing phrase go; the facts beside them stay.
  const kept = flat
    .split(/(?<=[.!?;])\s+/)
    .map((sentence) => sentence.split(/,\s*/).filter((clause) => findMarketingPhrases(clause).length === 0).join(', '))
    .filter((sentence) => sentence.replace(/[.!?;,\s]/g, '') !== '');
  let out = kept.join(' ').trim();
  if (out.length > maxLen) out = out.slice(0, out.lastIndexOf(' ', maxLen) > 0 ? out.lastIndexOf(' ', maxLen) : maxLen).replace(/[\s,;:]+$/, '');
  return out;
}

const sentence = (s: string) => (s && !/[.!?]$/.test(s) ? `${s}.` : s);

/** Facts with every free-text field cleaned, so the writer never passes on an emoji or an advert phrase. */
export function cleanFacts(f: ListingFacts): ListingFacts {
  const list = (xs: string[], max: number) =>
    [...new Set(xs.map((x) => cleanText(x, 80).replace(/[.!?;]+$/, '')).filter(Boolean))].slice(0, max);
  const notes = f.notes ? sentence(cleanText(f.notes)) : null;
  return {
    ...f,
    brand: f.brand ? cleanText(f.brand, 100) || null : null,
    size: f.size ? cleanText(f.size, 30) || null : null,
    colors: f.colors.slice(0, 2),
    details: list(f.details, 3).map((d) => d.charAt(0).toLowerCase() + d.slice(1)),
    defects: list(f.defects, 4).map((d) => d.charAt(0).toLowerCase() + d.slice(1)),
    measurements: list(f.measurements, 6),
    notes: notes || null,
  };
}

/** Title, description, keywords and hashtags for the facts, in one tone and language. Pure. */
export function writeListing(facts: ListingFacts, tone: Tone = 'pro', language: Language = 'fr'): WrittenListing {
  const f = cleanFacts(facts);
  const hashtags = buildHashtags(f, language);
  return {
    title: buildTitle(f, language),
    description: buildDescription(f, tone, language, hashtags),
    keywords: buildKeywords(f, language),
    hashtags,
    tone,
    language,
  };
}
