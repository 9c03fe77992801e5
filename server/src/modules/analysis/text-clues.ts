// Reading brand, size, composition, category and style words out of short texts: a photo's file name, the
// text OCR found on a label, the seller's notes. Each reader is strict on purpose: a clue that is not clearly
// there gives null, because the listing must never state a size or a brand nobody saw.
import { brandsInText, type Fibre, fibreFromWord, resolveCategory } from '@vintedbot/catalog';
import { STYLE_WORDS, type StyleWord } from './writer/listing-facts.ts';

const LETTER_SIZES = ['XXXS', 'XXS', 'XS', 'S', 'M', 'L', 'XL', 'XXL', 'XXXL', '2XL', '3XL', '4XL', '5XL'];
const LETTER_RE = new RegExp(`^(${LETTER_SIZES.join('|')})$`);
const fold = (s: string) => s.toLowerCase().normalize('NFD').replace(/\p{M}/gu, '');

/** Normalises a size a seller typed ("m" → "M", "w32l34" → "W32 L34", "eu 43" → "EU 43"); other text kept as typed. */
export function normaliseSize(raw: string): string {
  const s = raw.trim().replace(/\s+/g, ' ');
  const up = s.toUpperCase();
  if (LETTER_RE.test(up)) return up;
  const w = /^W\s?(\d{2})(?:\s*[/x ]?\s*L\s?(\d{2}))?$/i.exec(s);
  if (w) return w[2] ? `W${w[1]} L${w[2]}` : `W${w[1]}`;
  const p = /^(EU|UK|US|IT|FR)\s?(\d{1,2}(?:[.,]5)?)$/i.exec(s);
  if (p) return p[1].toUpperCase() === 'FR' ? p[2] : `${p[1].toUpperCase()} ${p[2].replace(',', '.')}`;
  return s;
}

const inRange = (n: number, lo: number, hi: number) => n >= lo && n <= hi;

/**
 * A size stated in a text: a letter size standing alone, a waist/length pair, or a number after a size word or a
 * sizing system ("taille 38", "T38", "EU 43", "W32 L34"). A bare number is never a size (it may be a price,
 * a percentage or a care code). `letters` says how a lone letter size must look: upper case only in OCR text,
 * any case in a file name.
 */
export function readSize(text: string, opts: { letters: 'upper' | 'any' | 'none' }): string | null {
  const t = text.replace(/[\r\n]+/g, ' ');
  const waist = /\bW\s?(\d{2})(?:\s*[/x ]?\s*L\s?(\d{2}))?\b/i.exec(t);
  if (waist && inRange(+waist[1], 23, 48) && (!waist[2] || inRange(+waist[2], 26, 38))) return waist[2] ? `W${waist[1]} L${waist[2]}` : `W${waist[1]}`;
  const sys = /\b(EU|UK|US|IT)\s?(\d{1,2}(?:[.,]5)?)\b/i.exec(t);
  if (sys) return `${sys[1].toUpperCase()} ${sys[2].replace(',', '.')}`;
  const word = /\b(?:taille|size|talla|gr(?:ö|oe)(?:ss|ß)e|gr\.?|fr|t)\s?[:.]?\s?(\d{2}(?:[.,]5)?|[2-5]?X{0,3}[SML]|XXXL|XXL|XL)\b/iu.exec(t);
  if (word) {
    const v = word[1].toUpperCase();
    if (LETTER_RE.test(v)) return v;
    if (inRange(parseFloat(v), 16, 60)) return v.replace(',', '.');
  }
  if (/\b(taille unique|one size|talla [uú]nica|einheitsgr(?:ö|oe)(?:ss|ß)e)\b/iu.test(t)) return 'Taille unique';
  if (opts.letters === 'none') return null;
  // Split on spaces and slashes only, so "LEVI'S" or "U.S.A." never yield a lone "S".
  for (const raw of t.split(/[\s/|]+/)) {
    const tok = raw.replace(/^[("'\[]+|[)"'\]:,;.]+$/g, '');
    if (!tok) continue;
    if (opts.letters === 'upper' ? LETTER_RE.test(tok) : LETTER_RE.test(tok.toUpperCase())) return tok.toUpperCase();
  }
  return null;
}

/** Fibres with their percentages ("100% coton", "Baumwolle 95 %, Elasthan 5 %"); fibre words alone when no percentage is given. */
export function readComposition(text: string): Fibre[] {
  const out: Fibre[] = [];
  const add = (word: string, pct: number | null) => {
    const fibre = fibreFromWord(word);
    if (fibre && !out.some((f) => f.fibre === fibre) && (pct === null || inRange(pct, 1, 100))) out.push({ fibre, percent: pct });
  };
  for (const m of text.matchAll(/(\d{1,3})\s?%\s?([\p{L}]+)/gu)) add(m[2], +m[1]);
  for (const m of text.matchAll(/([\p{L}]+)\s?(\d{1,3})\s?%/gu)) add(m[1], +m[2]);
  if (out.length === 0) for (const w of text.split(/[^\p{L}]+/u)) if (w.length >= 3) add(w, null);
  if (out.some((f) => f.percent !== null)) return out.filter((f) => f.percent !== null).sort((a, b) => b.percent! - a.percent!);
  return out;
}

/** The known brand a text names; with `allowAmbiguous` false, words like "only" or "gap" do not count. */
export function readBrand(text: string, allowAmbiguous: boolean): string | null {
  return brandsInText(text, { allowAmbiguous })[0]?.name ?? null;
}

export function readStyleWords(text: string): StyleWord[] {
  const t = fold(text);
  return STYLE_WORDS.filter((w) => new RegExp(`(^|[^\\p{L}])${w}s?($|[^\\p{L}])`, 'u').test(t));
}

/** A category named by a word or a two- or three-word phrase ("sac à main", "jean"); null when none is named. */
export function readCategory(text: string): string | null {
  const toks = fold(text).split(/[^\p{L}]+/u).filter(Boolean);
  for (const n of [3, 2, 1]) {
    for (let i = 0; i + n <= toks.length; i++) {
      const cat = resolveCategory(toks.slice(i, i + n).join(' '));
      if (cat) return cat.key;
    }
  }
  return null;
}

export interface FileNameClues { brand: string | null; size: string | null; category: string | null }

/** What a seller wrote in a file name ("pull-ralph-lauren-M-1.jpg"); camera names (IMG_1234) give nothing. */
export function readFileName(name: string | null | undefined): FileNameClues {
  if (!name) return { brand: null, size: null, category: null };
  const base = name.replace(/\.[a-z0-9]{2,5}$/i, '').replace(/([a-z])([A-Z])/g, '$1 $2');
  const words = base.split(/[-_.\s]+/).filter(Boolean).join(' ');
  return { brand: readBrand(words, true), size: readSize(words, { letters: 'any' }), category: readCategory(words) };
}

const DEFECT_WORDS = [
  'tache', 'taches', 'trou', 'trous', 'accroc', 'accrocs', 'bouloche', 'bouloches', 'boulochage', 'bouloché', 'usé', 'usée', 'usure', 'décoloré',
  'décolorée', 'décoloration', 'défaut', 'défauts', 'décousu', 'décousue', 'manquant', 'manquante', 'rayure', 'éraflure', 'fil tiré', 'auréole',
  'stain', 'stains', 'hole', 'holes', 'tear', 'pilling', 'worn', 'faded', 'defect', 'missing', 'scratch',
  'mancha', 'manchas', 'agujero', 'roto', 'fleck', 'flecken', 'loch', 'abgenutzt',
].map(fold);
const DEFECT_RE = new RegExp(`(^|[^\\p{L}])(${DEFECT_WORDS.join('|')})($|[^\\p{L}])`, 'u');
const MEASURE_RE = /\d+(?:[.,]\d+)?\s?cm\b/i;

export interface NotesClues { measurements: string[]; defects: string[]; rest: string | null }

/** Splits the seller's notes into measurements ("longueur 65 cm"), defects ("petite tache manche") and the rest. */
export function splitNotes(notes: string | null | undefined): NotesClues {
  if (!notes?.trim()) return { measurements: [], defects: [], rest: null };
  const measurements: string[] = [];
  const defects: string[] = [];
  const rest: string[] = [];
  for (const raw of notes.split(/[;\n]+|,\s+|\.\s+/)) {
    const clause = raw.trim().replace(/[.!]+$/, '');
    if (!clause) continue;
    if (MEASURE_RE.test(clause)) measurements.push(clause);
    else if (DEFECT_RE.test(fold(clause))) defects.push(clause);
    else rest.push(clause);
  }
  return { measurements, defects, rest: rest.length ? rest.join(', ') : null };
}
