import { colourNoun, compositionText, type Condition, CONDITION_WORDS, FIBRES, GARMENTS, type Language, type Noun, type Tone, UNKNOWN_GARMENT } from '@vintedbot/catalog';
import type { ListingFacts } from './listing-facts.ts';

// Description templates: one line per fact, in the order a buyer reads (garment, size, material, condition,
// measurements, remarks, shipping), then the hashtags. The tone changes the phrasing, never the facts.

interface Parts {
  noun: Noun;
  garment: string; // lower-case where the language allows, for use inside a sentence
  brand: string | null;
  fibre: string | null; // main fibre, for "en laine" / "wool jumper"
  colours: string | null; // "marine", "noir et blanc"
  details: string[];
  composition: string | null;
  hasPercent: boolean;
}

const joinAnd = (xs: string[], and: string) => (xs.length <= 1 ? xs.join('') : `${xs.slice(0, -1).join(', ')} ${and} ${xs[xs.length - 1]}`);
const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
const lowerNoun = (word: string, lang: Language) => (lang === 'de' ? word : word.charAt(0).toLowerCase() + word.slice(1));

function parts(f: ListingFacts, lang: Language): Parts {
  const noun = (f.category && GARMENTS[f.category]?.[lang]) || UNKNOWN_GARMENT[lang];
  const and = { fr: 'et', en: 'and', es: 'y', de: 'und' }[lang];
  const colourWords = f.colors.map((c) => colourNoun(c, lang)).filter((c): c is string => !!c);
  const main = [...f.fibres].sort((a, b) => (b.percent ?? 0) - (a.percent ?? 0))[0];
  return {
    noun,
    garment: lowerNoun(noun.word, lang),
    brand: f.brand,
    fibre: main ? (FIBRES[main.fibre]?.[lang] ?? null) : null,
    colours: colourWords.length ? joinAnd(colourWords, and) : null,
    details: f.details_language === lang ? f.details : [],
    composition: compositionText(f.fibres, lang),
    hasPercent: f.fibres.some((x) => x.percent !== null),
  };
}

/** French agreement: "neuf / neuve / neufs / neuves", "prêt / prête …". */
const frAgree = (m: string, fem: string, noun: Noun) => (noun.gender === 'f' ? fem : m) + (noun.plural ? 's' : '');
const esAgree = (stem: string, noun: Noun) => stem + (noun.gender === 'f' ? 'a' : 'o') + (noun.plural ? 's' : '');

function conditionPhrase(c: Condition, lang: Language, noun: Noun): string {
  if (lang === 'fr') {
    if (c === 'new_with_tags') return `${frAgree('neuf', 'neuve', noun)} avec étiquette`;
    if (c === 'new_without_tags') return `${frAgree('neuf', 'neuve', noun)} sans étiquette`;
  }
  if (lang === 'es') {
    if (c === 'new_with_tags') return `${esAgree('nuev', noun)} con etiquetas`;
    if (c === 'new_without_tags') return `${esAgree('nuev', noun)} sin etiquetas`;
  }
  const w = CONDITION_WORDS[c][lang];
  return lang === 'de' ? w : w.charAt(0).toLowerCase() + w.slice(1);
}

// A fact nobody knows is left out of the buyer's text (the seller sees it among the missing fields): never
// "Marque non visible" or "État non précisé" in an ad.
interface Lines { garment: string; size: string | null; material: string | null; condition: string | null; measurements: string | null; notes: string | null; shipping: string }

function fr(f: ListingFacts, p: Parts, tone: Tone): Lines {
  const withFibre = `${p.garment}${p.fibre ? ` en ${p.fibre}` : ''}${p.brand ? ` ${p.brand}` : ''}`;
  const tail = [p.colours ? `coloris ${p.colours}` : null, ...p.details].filter(Boolean).join(', ');
  const demonstrative = p.noun.plural ? 'ces' : p.noun.gender === 'f' ? 'cette' : /^[aeiouyéèh]/i.test(p.garment) ? 'cet' : 'ce';
  const pronoun = p.noun.plural ? (p.noun.gender === 'f' ? 'Elles sont' : 'Ils sont') : p.noun.gender === 'f' ? 'Elle est' : 'Il est';
  const cond = f.condition ? conditionPhrase(f.condition, 'fr', p.noun) : null;
  const defects = f.defects.length ? `À noter : ${f.defects.join(', ')}.` : '';
  const sizeLine = f.size ? `Taille ${f.size}.` : null;
  const garment =
    tone === 'amical' ? `Je vends ${demonstrative} ${withFibre}${tail ? `, ${tail}` : ''}.`
    : tone === 'fluide' ? `${cap(withFibre)}${tail ? `, ${tail}` : ''}${cond && !f.defects.length ? `, ${cond}` : ''}.`
    : `${cap(withFibre)}${tail ? `, ${tail}` : ''}.`;
  let condition: string | null;
  if (!cond) condition = null;
  else if (tone === 'amical') condition = `${pronoun} ${/^(neu|nouv)/.test(cond) ? cond : `en ${cond.toLowerCase()}`}.${defects ? ` ${defects}` : ''}`;
  else if (tone === 'fluide') condition = f.defects.length ? `${cap(cond)}. ${defects}` : `${cap(frAgree('prêt', 'prête', p.noun))} à porter !`;
  else condition = `${cap(cond)}.${defects ? ` ${defects}` : ''}`;
  return {
    garment,
    size: sizeLine,
    material: p.composition ? `${p.hasPercent ? 'Composition' : 'Matière'} : ${p.composition}.` : null,
    condition,
    measurements: f.measurements.length ? `Mesures : ${f.measurements.join(', ')}.` : null,
    notes: f.notes ? `Précision : ${f.notes}` : null,
    shipping: tone === 'amical' ? "Envoi rapide et soigné, n'hésitez pas à me poser vos questions !" : 'Envoi soigné sous 48 h.',
  };
}

function en(f: ListingFacts, p: Parts, tone: Tone): Lines {
  const name = `${p.brand ? `${p.brand} ` : ''}${p.fibre ? `${p.fibre} ` : ''}${p.garment}`;
  const tail = [p.colours ? `in ${p.colours}` : null].filter(Boolean).join('') + (p.details.length ? `, ${p.details.join(', ')}` : '');
  const cond = f.condition ? conditionPhrase(f.condition, 'en', p.noun) : null;
  const defects = f.defects.length ? `Note: ${f.defects.join(', ')}.` : '';
  const pronoun = p.noun.plural ? 'They are' : 'It is';
  const sizeLine = f.size ? `Size ${f.size}.` : null;
  let condition: string | null;
  if (!cond) condition = null;
  else if (tone === 'amical') condition = `${pronoun} ${/^new/.test(cond) ? cond : `in ${cond}`}.${defects ? ` ${defects}` : ''}`;
  else if (tone === 'fluide') condition = f.defects.length ? `${cap(cond)}. ${defects}` : `${cap(cond)}, ready to wear!`;
  else condition = `${cap(cond)}.${defects ? ` ${defects}` : ''}`;
  return {
    garment: tone === 'amical' ? `Selling ${p.noun.plural ? 'these' : 'this'} ${name}${tail ? ` ${tail}` : ''}.` : `${cap(name)}${tail ? ` ${tail}` : ''}.`,
    size: sizeLine,
    material: p.composition ? `${p.hasPercent ? 'Composition' : 'Material'}: ${p.composition}.` : null,
    condition,
    measurements: f.measurements.length ? `Measurements: ${f.measurements.join(', ')}.` : null,
    notes: f.notes ? `Note: ${f.notes}` : null,
    shipping: tone === 'amical' ? 'Fast and careful shipping, feel free to ask me anything!' : 'Carefully packed and shipped within 48 hours.',
  };
}

function es(f: ListingFacts, p: Parts, tone: Tone): Lines {
  const name = `${p.garment}${p.fibre ? ` de ${p.fibre}` : ''}${p.brand ? ` ${p.brand}` : ''}`;
  const tail = [p.colours ? `en color ${p.colours}` : null].filter(Boolean).join('') + (p.details.length ? `, ${p.details.join(', ')}` : '');
  const cond = f.condition ? conditionPhrase(f.condition, 'es', p.noun) : null;
  const defects = f.defects.length ? `A tener en cuenta: ${f.defects.join(', ')}.` : '';
  const demonstrative = p.noun.plural ? (p.noun.gender === 'f' ? 'estas' : 'estos') : p.noun.gender === 'f' ? 'esta' : 'este';
  const sizeLine = f.size ? `Talla ${f.size}.` : null;
  let condition: string | null;
  if (!cond) condition = null;
  else if (tone === 'amical') condition = `${p.noun.plural ? 'Están' : 'Está'} ${/^nuev/.test(cond) ? cond : `en ${cond}`}.${defects ? ` ${defects}` : ''}`;
  else if (tone === 'fluide') condition = f.defects.length ? `${cap(cond)}. ${defects}` : `${cap(cond)}, ¡${esAgree('list', p.noun)} para usar!`;
  else condition = `${cap(cond)}.${defects ? ` ${defects}` : ''}`;
  return {
    garment: tone === 'amical' ? `Vendo ${demonstrative} ${name}${tail ? ` ${tail}` : ''}.` : `${cap(name)}${tail ? ` ${tail}` : ''}.`,
    size: sizeLine,
    material: p.composition ? `${p.hasPercent ? 'Composición' : 'Material'}: ${p.composition}.` : null,
    condition,
    measurements: f.measurements.length ? `Medidas: ${f.measurements.join(', ')}.` : null,
    notes: f.notes ? `Nota: ${f.notes}` : null,
    shipping: tone === 'amical' ? 'Envío rápido y cuidadoso, ¡no dudes en preguntarme!' : 'Envío cuidadoso en 48 h.',
  };
}

const DE_PREDICATE: Record<Condition, string> = {
  new_with_tags: 'neu mit Etikett', new_without_tags: 'neu ohne Etikett', very_good: 'sehr gut', good: 'gut', satisfactory: 'zufriedenstellend',
};

function de(f: ListingFacts, p: Parts, tone: Tone): Lines {
  const name = `${p.garment}${p.fibre ? ` aus ${p.fibre}` : ''}${p.brand ? ` von ${p.brand}` : ''}`;
  const tail = [p.colours ? `in ${p.colours}` : null].filter(Boolean).join('') + (p.details.length ? `, ${p.details.join(', ')}` : '');
  const cond = f.condition ? conditionPhrase(f.condition, 'de', p.noun) : null;
  const defects = f.defects.length ? `Hinweis: ${f.defects.join(', ')}.` : '';
  const sizeLine = f.size ? `Größe ${f.size}.` : null;
  let condition: string | null;
  if (!cond) condition = null;
  else if (tone === 'fluide' && !f.defects.length) condition = `${cond}, sofort tragbar!`;
  else condition = `${tone === 'amical' ? `Zustand: ${DE_PREDICATE[f.condition!]}` : cond}.${defects ? ` ${defects}` : ''}`;
  return {
    garment: tone === 'amical' ? `Verkaufe ${name}${tail ? ` ${tail}` : ''}.` : `${name}${tail ? ` ${tail}` : ''}.`,
    size: sizeLine,
    material: p.composition ? `${p.hasPercent ? 'Zusammensetzung' : 'Material'}: ${p.composition}.` : null,
    condition,
    measurements: f.measurements.length ? `Maße: ${f.measurements.join(', ')}.` : null,
    notes: f.notes ? `Hinweis: ${f.notes}` : null,
    shipping: tone === 'amical' ? 'Schneller und sorgfältiger Versand, frag mich gern!' : 'Sorgfältiger Versand innerhalb von 48 Stunden.',
  };
}

const TEMPLATES: Record<Language, (f: ListingFacts, p: Parts, tone: Tone) => Lines> = { fr, en, es, de };

/** 3 to 8 lines: garment, [size], [material], [condition], [measurements], [remarks], shipping, hashtags (only what is known). */
export function buildDescription(f: ListingFacts, tone: Tone, lang: Language, hashtags: string[]): string {
  const l = TEMPLATES[lang](f, parts(f, lang), tone);
  const lines = [l.garment, l.size, l.material, l.condition, l.measurements, l.notes, l.shipping].filter((x): x is string => !!x);
  lines.push(hashtags.map((h) => `#${h}`).join(' '));
  return lines.join('\n');
}
