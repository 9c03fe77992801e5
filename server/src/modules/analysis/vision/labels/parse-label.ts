// Turns the OCR text of a label or care tag into brand, size and composition. Pure and forgiving: OCR
// confuses O/0 and l/1 and drops accents, labels repeat the composition in five languages, and a size
// hides among "EUR 38 / UK 10 / US 6". Brands match as whole names only ("lv" is not in "Calvin Klein").
import { distance } from 'fastest-levenshtein';
import { LABEL_BRANDS } from './brands.ts';

export interface CompositionPart { material: string; percent: number }
export interface ParsedLabel { brand: string | null; size: string | null; composition: CompositionPart[] | null }

const fold = (s: string) => s.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
/** Words of a text: letters and digits, with the joiners brand names use (&, ', -, .) kept inside. */
const words = (s: string) => fold(s).replace(/[’`]/g, "'").split(/[^a-z0-9&'.+-]+/).map((w) => w.replace(/^[.'-]+|[.'-]+$/g, '')).filter(Boolean);

// Brand names that are also ordinary words on a care label; they count only when they stand alone on a line
// or are written in capitals, the way a woven brand label shows them.
const COMMON_WORDS = new Set(['only', 'next', 'object', 'selected', 'essentials', 'boss', 'lee', 'element', 'gap', 'ami', 'pieces', 'vila',
  'lv', 'palace', 'champion', 'supreme', 'pepe', 'morgan', 'jules', 'brice', 'tati', 'gemo', 'gémo', 'replay', 'guess', 'ugg', 'veja', 'kith', 'obey', 'apc']);
const CANONICAL: Record<string, string> = { lv: 'Louis Vuitton', levis: "Levi's", gemo: 'Gémo', stussy: 'Stüssy', dpam: 'Du Pareil au Même', 'a.p.c': 'APC' };

const BRAND_INDEX = LABEL_BRANDS.map((name) => ({ name, tokens: words(name) }))
  .filter((b) => b.tokens.length > 0)
  .sort((a, b) => b.tokens.join(' ').length - a.tokens.join(' ').length); // longest first: "Calvin Klein Jeans" before "Calvin Klein"

/** OCR slips allowed when comparing a brand of this length: none for short names, one or two for long ones. */
const tolerance = (len: number) => (len >= 10 ? 2 : len >= 6 ? 1 : 0);

export function findBrand(text: string): string | null {
  const lines = text.split(/\r?\n/);
  for (const b of BRAND_INDEX) {
    const key = b.tokens.join(' ');
    const common = COMMON_WORDS.has(key);
    for (const line of lines) {
      const w = words(line);
      if (common) {
        const alone = w.join(' ') === key;
        const caps = new RegExp(`(^|[^A-Za-z])${escape(b.name.toUpperCase())}($|[^A-Za-z])`).test(line);
        if (alone || caps) return canonical(b.name);
        continue;
      }
      const tol = tolerance(key.length);
      for (let i = 0; i + b.tokens.length <= w.length; i++) {
        const window = w.slice(i, i + b.tokens.length).join(' ');
        if (window === key || (tol > 0 && distance(window, key) <= tol)) return canonical(b.name);
      }
      // Names written without their spaces ("CALVINKLEIN", "H & M" → "h&m").
      const squashed = w.join('');
      const keySquashed = b.tokens.join('');
      if (keySquashed.length >= 5 && w.some((x) => x === keySquashed)) return canonical(b.name);
      if (squashed === keySquashed) return canonical(b.name);
    }
  }
  return null;
}
const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const canonical = (name: string) => CANONICAL[fold(name).replace(/'/g, '')] ?? CANONICAL[fold(name)] ?? name;

const LETTER = '(XXXS|XXS|XS|S|M|L|XL|XXL|XXXL|2XL|3XL|4XL|XXXXL|TU)';
const LETTER_ORDER = ['XXXS', 'XXS', 'XS', 'S', 'M', 'L', 'XL', 'XXL', 'XXXL', 'XXXXL'];
const normLetter = (s: string) => ({ '2XL': 'XXL', '3XL': 'XXXL', '4XL': 'XXXXL' } as Record<string, string>)[s] ?? s;

export function findSize(text: string): string | null {
  const t = text.toUpperCase().replace(/[Oo](?=\d)|(?<=\d)[Oo]/g, '0');
  // Waist/leg: W32 L34, W32/L34, 32W 34L.
  const wl = t.match(/\bW\s?(2[3-9]|3\d|4[0-8])\b(?:\s*[/\-xX]?\s*L\s?(2[6-9]|3[0-8])\b)?/) ?? t.match(/\b(2[3-9]|3\d|4[0-8])\s?W\s*[/\-]?\s*(2[6-9]|3[0-8])\s?L\b/);
  if (wl) return wl[2] ? `W${wl[1]} L${wl[2]}` : `W${wl[1]}`;
  // Shoes: a shoe word, or an EU size that only feet have (odd, or above the clothing range).
  const shoeCue = /POINTURE|SHOE|CHAUSSURE|SCHUH|CALZADO/.test(t);
  const eu = t.match(/\b(?:EU|EUR|FR)\s*[:.]?\s*(3[4-9]|4\d|5[0-2])(?:[.,]5|\s?[12]\/3)?\b/);
  if (eu && (shoeCue || Number(eu[1]) % 2 === 1)) return `EU ${eu[1]}`;
  if (shoeCue) {
    const n = t.match(/\b(3[4-9]|4\d|5[0-2])\b/);
    if (n) return `EU ${n[1]}`;
  }
  // Letters: after a size word, alone on a line, or a multi-letter token anywhere ("XL" never means anything else).
  const cued = t.match(new RegExp(`(?:TAILLE|SIZE|TALLA|GR(?:OESSE|ÖSSE)?|T)\\s*[:.]?\\s*${LETTER}(?![A-Z0-9])`));
  if (cued) return normLetter(cued[1]);
  for (const line of t.split(/\r?\n/)) {
    const m = line.trim().match(new RegExp(`^${LETTER}(?:\\s*[/(].*)?$`));
    if (m) return normLetter(m[1]);
  }
  const multi = t.match(/(?<![A-Z0-9])(XXXS|XXS|XS|XL|XXL|XXXL|2XL|3XL|4XL)(?![A-Z0-9])/);
  if (multi) return normLetter(multi[1]);
  // French/EU numeric clothing sizes.
  const num = t.match(/\b(?:TAILLE|SIZE|EUR?|FR|D|T)\s*[:.]?\s*(3[2-9]|4\d|5[0-8])\b/);
  if (num) return num[1];
  const lone = t.split(/\r?\n/).map((l) => l.trim().match(/^(3[2-9]|4\d|5[0-8])$/)).find(Boolean);
  return lone ? lone[1] : null;
}
export { LETTER_ORDER };

// Material words in the languages labels print, to one English key.
const MATERIALS: Record<string, string> = {
  coton: 'cotton', cotton: 'cotton', algodon: 'cotton', baumwolle: 'cotton', cotone: 'cotton', katoen: 'cotton', algodao: 'cotton',
  polyester: 'polyester', poliester: 'polyester', poliestere: 'polyester', polyesters: 'polyester',
  elasthanne: 'elastane', elastane: 'elastane', elastano: 'elastane', elasthan: 'elastane', spandex: 'elastane', lycra: 'elastane', elastan: 'elastane',
  viscose: 'viscose', viscosa: 'viscose', viskose: 'viscose', rayon: 'viscose',
  polyamide: 'polyamide', poliamida: 'polyamide', polyamid: 'polyamide', poliammide: 'polyamide', nylon: 'polyamide',
  laine: 'wool', wool: 'wool', lana: 'wool', wolle: 'wool', wol: 'wool',
  lin: 'linen', linen: 'linen', lino: 'linen', leinen: 'linen',
  soie: 'silk', silk: 'silk', seda: 'silk', seide: 'silk', seta: 'silk',
  acrylique: 'acrylic', acrylic: 'acrylic', acrilico: 'acrylic', acryl: 'acrylic',
  cachemire: 'cashmere', cashmere: 'cashmere', kaschmir: 'cashmere',
  cuir: 'leather', leather: 'leather', piel: 'leather', leder: 'leather',
  modal: 'modal', lyocell: 'lyocell', tencel: 'lyocell', mohair: 'mohair', angora: 'angora', alpaga: 'alpaca', alpaca: 'alpaca',
  elasterell: 'elastomultiester', elastomultiester: 'elastomultiester', polyurethane: 'polyurethane', polyurethanne: 'polyurethane', poliuretano: 'polyurethane',
};
const MATERIAL_WORDS = Object.keys(MATERIALS);

function material(word: string): string | null {
  const w = fold(word);
  if (MATERIALS[w]) return MATERIALS[w];
  if (w.length < 5) return null;
  for (const m of MATERIAL_WORDS) if (m.length >= 5 && distance(w, m) <= (m.length >= 8 ? 2 : 1)) return MATERIALS[m];
  return null;
}

export function findComposition(text: string): CompositionPart[] | null {
  const t = fold(text).replace(/(?<=\d)\s*[o](?=\s*%)/g, '0').replace(/[|]/g, ' ');
  // "80% coton", "80 % cotton", and "coton 80%": collect (percent, material) pairs in reading order.
  const pairs: { at: number; percent: number; material: string }[] = [];
  for (const m of t.matchAll(/(\d{1,3})\s*%\s*([a-z]{3,})/g)) {
    const mat = material(m[2]);
    if (mat) pairs.push({ at: m.index!, percent: Number(m[1]), material: mat });
  }
  for (const m of t.matchAll(/([a-z]{3,})\s*:?\s*(\d{1,3})\s*%/g)) {
    const mat = material(m[1]);
    if (mat && !pairs.some((p) => Math.abs(p.at - m.index!) < m[0].length + 2 && p.material === mat)) pairs.push({ at: m.index!, percent: Number(m[2]), material: mat });
  }
  pairs.sort((a, b) => a.at - b.at);
  // The first group that adds up to 100 % is the main fabric (linings and translations follow it).
  const group: CompositionPart[] = [];
  let sum = 0;
  for (const p of pairs) {
    if (p.percent <= 0 || p.percent > 100) continue;
    if (group.some((g) => g.material === p.material)) continue;
    if (sum + p.percent > 100) continue;
    group.push({ material: p.material, percent: p.percent });
    sum += p.percent;
    if (sum === 100) break;
  }
  return group.length ? group.sort((a, b) => b.percent - a.percent) : null;
}

export function parseLabelText(text: string): ParsedLabel {
  return { brand: findBrand(text), size: findSize(text), composition: findComposition(text) };
}
