// Sentences the server writes in French for its own records (the price suggestion's justification, the sale score's
// details), read back and said again in the seller's language with the language's number format ("2,2" in French,
// "€29.90" in English). The formats are the server's (modules/pricing/price-suggestion.ts, analysis/sale-score.ts);
// server/test/web/server-words.test.ts runs the server's own functions through these readers so they stay in step.
// A text in no known format (imported, typed by the seller) is returned as null: it is the seller's, shown as it is.
import { type BrandTier, CATEGORIES, type Condition, CONDITION_INFO, TIER_LABELS } from '@vintedbot/catalog';
import type { Lang } from '../i18n/types.ts';

const LOCALE: Record<Lang, string> = { fr: 'fr-FR', en: 'en-GB' };
const num = (x: number, lang: Lang) => new Intl.NumberFormat(LOCALE[lang], { maximumFractionDigits: 2 }).format(x);
const eur = (x: number, lang: Lang) => new Intl.NumberFormat(LOCALE[lang], { style: 'currency', currency: 'EUR', minimumFractionDigits: Number.isInteger(x) ? 0 : 2 }).format(x);

const TIERS: Record<BrandTier, Record<Lang, string>> = {
  luxury: { fr: 'luxe', en: 'luxury' },
  streetwear: { fr: 'streetwear', en: 'streetwear' },
  premium: { fr: 'premium', en: 'premium' },
  sport: { fr: 'sport', en: 'sport' },
  mid: { fr: 'milieu de gamme', en: 'mid-range' },
  fast_fashion: { fr: 'fast fashion', en: 'fast fashion' },
};
const tierOf = (label: string) => (Object.entries(TIER_LABELS) as [BrandTier, string][]).find(([, l]) => l === label)?.[0] ?? null;
const conditionOf = (label: string) => (Object.entries(CONDITION_INFO) as [Condition, { fr: string }][]).find(([, c]) => c.fr === label)?.[0] ?? null;
const categoryOf = (label: string) => CATEGORIES.find((c) => c.fr === label) ?? null;

const W = {
  fr: {
    unknownCategory: 'Catégorie inconnue',
    base: (cat: string, base: string) => `${cat} : base ${base}`,
    brand: (name: string, tier: string, m: string) => `${name} (${tier}) ×${m}`,
    offScale: (name: string) => `${name} (marque hors barème) ×1`,
    noBrand: 'marque inconnue ×1',
    noCondition: 'état non précisé',
    condition: (c: string, f: string) => `${c} ×${f}`,
    defects: (n: number, f: string) => `${n} défaut${n > 1 ? 's' : ''} ×${f}`,
    total: (parts: string, raw: string, rounding: string, target: string, min: string, max: string, floor: boolean) =>
      `${parts} = ${raw}, ${rounding} ${target} ; fourchette ${min}–${max}${floor ? ' (prix plancher Vinted 1 €)' : ''}.`,
    rounding: { psy: 'arrondi psychologique', plain: 'arrondi' },
    score: {
      brandTier: (tier: string) => `marque ${tier}`,
      brandOffScale: 'marque hors barème',
      brandUnknown: 'marque inconnue',
      priceUnset: 'prix non fixé : le prix suggéré sera utilisé',
      priceRatio: (pct: number) => `${pct} % du prix de référence`,
      conditionUnknown: 'état non précisé',
      season: (season: string, pct: number) => `article ${season}, demande ${pct} % ce mois-ci`,
      seasons: { winter: 'd’hiver', summer: 'd’été', mid: 'de mi-saison' } as Record<string, string>,
      allYear: 'article de toute saison',
      qualityUnknown: 'qualité non mesurée',
      quality: (q: number) => `qualité moyenne ${q}/100`,
      photos: (n: number) => `${n} photo${n > 1 ? 's' : ''}${n < 3 ? ' (3 au moins conseillées)' : ''}`,
    },
  },
  en: {
    unknownCategory: 'Unknown category',
    base: (cat: string, base: string) => `${cat}: base ${base}`,
    brand: (name: string, tier: string, m: string) => `${name} (${tier}) ×${m}`,
    offScale: (name: string) => `${name} (brand not in the scale) ×1`,
    noBrand: 'unknown brand ×1',
    noCondition: 'condition not given',
    condition: (c: string, f: string) => `${c} ×${f}`,
    defects: (n: number, f: string) => `${n} defect${n > 1 ? 's' : ''} ×${f}`,
    total: (parts: string, raw: string, rounding: string, target: string, min: string, max: string, floor: boolean) =>
      `${parts} = ${raw}, ${rounding} ${target}; range ${min}–${max}${floor ? ' (Vinted’s lowest price, €1)' : ''}.`,
    rounding: { psy: 'rounded to', plain: 'rounded to' },
    score: {
      brandTier: (tier: string) => `${tier} brand`,
      brandOffScale: 'brand not in the scale',
      brandUnknown: 'unknown brand',
      priceUnset: 'no price yet: the suggested price will be used',
      priceRatio: (pct: number) => `${pct} % of the reference price`,
      conditionUnknown: 'condition not given',
      season: (season: string, pct: number) => `${season} item, demand ${pct} % this month`,
      seasons: { winter: 'winter', summer: 'summer', mid: 'mid-season' } as Record<string, string>,
      allYear: 'all-season item',
      qualityUnknown: 'quality not measured',
      quality: (q: number) => `average quality ${q}/100`,
      photos: (n: number) => `${n} photo${n === 1 ? '' : 's'}${n < 3 ? ' (3 or more advised)' : ''}`,
    },
  },
};

const E = String.raw`(\d+(?:\.\d+)?) €`;
const JUSTIFICATION = new RegExp(String.raw`^(.+?) : base ${E} × (.+?) × (.+?) ×(\d+(?:\.\d+)?)(?: × (\d+) défauts? ×(\d+(?:\.\d+)?))? = ${E}, (arrondi psychologique|arrondi) ${E} ; fourchette ${E}–${E}( \(prix plancher Vinted 1 €\))?\.$`);

/** The price suggestion's justification in the seller's language, or null when it is not the server's sentence. */
export function justificationText(text: string | null | undefined, lang: Lang): string | null {
  const m = text ? JUSTIFICATION.exec(text.trim()) : null;
  if (!m) return null;
  const [, catLabel, base, brandPart, condLabel, factor, defectCount, defectFactor, raw, rounding, target, min, max, floor] = m;
  const w = W[lang];
  const cat = catLabel === 'Catégorie inconnue' ? w.unknownCategory : (categoryOf(catLabel)?.[lang] ?? null);
  if (cat === null) return null;
  let brand: string | null = null;
  const tiered = /^(.+) \((.+)\) ×(\d+(?:\.\d+)?)$/.exec(brandPart);
  if (brandPart === 'marque inconnue ×1') brand = w.noBrand;
  else if (tiered && tiered[2] === 'marque hors barème') brand = w.offScale(tiered[1]);
  else if (tiered && tierOf(tiered[2])) brand = w.brand(tiered[1], TIERS[tierOf(tiered[2])!][lang], num(Number(tiered[3]), lang));
  if (brand === null) return null;
  const condition = condLabel === 'état non précisé' ? w.noCondition : conditionOf(condLabel) ? CONDITION_INFO[conditionOf(condLabel)!][lang] : null;
  if (condition === null) return null;
  const parts = [
    w.base(cat, eur(Number(base), lang)), brand, w.condition(condition, num(Number(factor), lang)),
    ...(defectCount ? [w.defects(Number(defectCount), num(Number(defectFactor), lang))] : []),
  ].join(' × ');
  return w.total(parts, eur(Number(raw), lang), w.rounding[rounding === 'arrondi' ? 'plain' : 'psy'], eur(Number(target), lang), eur(Number(min), lang), eur(Number(max), lang), !!floor);
}

/** One line of the sale score's breakdown in the seller's language, or null when it is not one of the server's. */
export function scoreDetailText(factor: string, detail: string, lang: Lang): string | null {
  const s = W[lang].score;
  let m: RegExpExecArray | null;
  switch (factor) {
    case 'brand':
      if (detail === 'marque hors barème') return s.brandOffScale;
      if (detail === 'marque inconnue') return s.brandUnknown;
      m = /^marque (.+)$/.exec(detail);
      return m && tierOf(m[1]) ? s.brandTier(TIERS[tierOf(m[1])!][lang]) : null;
    case 'price':
      if (detail === 'prix non fixé : le prix suggéré sera utilisé') return s.priceUnset;
      m = /^(\d+) % du prix de référence$/.exec(detail);
      return m ? s.priceRatio(Number(m[1])) : null;
    case 'condition':
      if (detail === 'état non précisé') return s.conditionUnknown;
      return conditionOf(detail) ? CONDITION_INFO[conditionOf(detail)!][lang] : null;
    case 'season': {
      if (detail === 'article de toute saison') return s.allYear;
      m = /^article (d'hiver|d'été|de mi-saison), demande (\d+) % ce mois-ci$/.exec(detail);
      if (!m) return null;
      const season = { "d'hiver": 'winter', "d'été": 'summer', 'de mi-saison': 'mid' }[m[1]]!;
      return s.season(s.seasons[season], Number(m[2]));
    }
    case 'photo_quality':
      if (detail === 'qualité non mesurée') return s.qualityUnknown;
      m = /^qualité moyenne (\d+)\/100$/.exec(detail);
      return m ? s.quality(Number(m[1])) : null;
    case 'photo_count':
      m = /^(\d+) photos?( \(3 au moins conseillées\))?$/.exec(detail);
      return m ? s.photos(Number(m[1])) : null;
    default:
      return null;
  }
}

const FORM_FIELDS: Record<string, Record<Lang, string>> = {
  title: { fr: 'Titre', en: 'Title' }, description: { fr: 'Description', en: 'Description' }, category: { fr: 'Catégorie', en: 'Category' },
  brand: { fr: 'Marque', en: 'Brand' }, size: { fr: 'Taille', en: 'Size' }, condition: { fr: 'État', en: 'Condition' },
  colours: { fr: 'Couleurs', en: 'Colours' }, colour: { fr: 'Couleur', en: 'Colour' }, price: { fr: 'Prix', en: 'Price' },
  package_size: { fr: 'Taille du colis', en: 'Parcel size' }, photos: { fr: 'Photos', en: 'Photos' },
};
const FORM = {
  fr: {
    holds: (v: string) => `le formulaire indique « ${v} »`,
    otherText: 'le formulaire contient un autre texte',
    noneChosen: 'aucune choisie',
    priceHolds: (v: string, want: string) => `le formulaire indique « ${v} » au lieu de ${want}`,
    photos: (a: string, b: string) => `le formulaire en montre ${a} sur ${b}`,
    noSize: 'le formulaire ne demande pas de taille pour cette catégorie',
    byLabel: 'choisie d’après son nom (la catégorie exacte n’était pas proposée)',
    brandAsTyped: (b: string) => `« ${b} » n’est pas dans la liste de Vinted : saisie telle quelle`,
    brandNotFound: (b: string) => `« ${b} » introuvable sur Vinted`,
    notOffered: (v: string) => `« ${v} » n’est pas proposé pour cette catégorie`,
    check: 'à vérifier sur le formulaire',
    form: 'Formulaire',
    line: (field: string, what: string) => `${field} : ${what}`,
  },
  en: {
    holds: (v: string) => `the form shows “${v}”`,
    otherText: 'the form holds a different text',
    noneChosen: 'none chosen',
    priceHolds: (v: string, want: string) => `the form shows “${v}” instead of ${want}`,
    photos: (a: string, b: string) => `the form shows ${a} of ${b}`,
    noSize: 'the form asks no size for this category',
    byLabel: 'chosen by its name (the exact category was not offered)',
    brandAsTyped: (b: string) => `“${b}” is not in Vinted’s list: entered as typed`,
    brandNotFound: (b: string) => `“${b}” not found on Vinted`,
    notOffered: (v: string) => `“${v}” is not offered for this category`,
    check: 'check it on the form',
    form: 'Form',
    line: (field: string, what: string) => `${field}: ${what}`,
  },
};

/** A warning of the filled Vinted form ("brand: \"X\" not found") in the seller's language; always a sentence. */
export function formWarningText(w: string, lang: Lang): string {
  const f = FORM[lang];
  const m = /^([a-z_]+): (.*)$/.exec(w);
  if (!m) return f.line(f.form, f.check);
  const [, key, rest] = m;
  const field = FORM_FIELDS[key]?.[lang] ?? f.form;
  let x: RegExpExecArray | null;
  const what =
    (x = /^the form holds "(.*)", expected (.+)$/.exec(rest)) && key === 'price' ? f.priceHolds(x[1], x[2])
      : (x = /^the form holds \d+ \("(.*)"\), expected \d+$/.exec(rest)) ? f.holds(x[1])
        : (x = /^the form holds "(.*)"$/.exec(rest)) ? f.holds(x[1])
          : rest === 'the form holds a different text' ? f.otherText
            : rest === 'none chosen' ? f.noneChosen
              : (x = /^the form shows (\d+) of (\d+)$/.exec(rest)) ? f.photos(x[1], x[2])
                : rest === 'the form asks no size for this category' ? f.noSize
                  : /^leaf \d+ not offered, chose by label$/.test(rest) ? f.byLabel
                    : (x = /^"(.*)" is not in Vinted's brand list, entered as typed$/.exec(rest)) ? f.brandAsTyped(x[1])
                      : (x = /^"(.*)" not found$/.exec(rest)) ? f.brandNotFound(x[1])
                        : (x = /^"(.*)" is not offered for this category$/.exec(rest)) ? f.notOffered(x[1])
                          : f.check;
  return f.line(field, what);
}
