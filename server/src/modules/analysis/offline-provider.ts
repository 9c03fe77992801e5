import fs from 'node:fs/promises';
import type { Logger } from 'pino';
import { type Fibre, fibreFromWord, FIBRES, findColour, resolveCategory } from '@vintedbot/catalog';
import type { AnalysisPhoto, AnalysisProvider, AnalysisRequest, ProviderResult } from './analysis-provider.ts';
import { boundReading, type GarmentReading, GarmentReadingSchema } from './garment-reading.ts';
import { readBrand, readComposition, readFileName, readSize } from './text-clues.ts';
import { classifyGarment, detectLabelCloseUp, dominantColours, parseLabelText, readLabelText } from './vision/index.ts';

// The offline analyser (the default, no key): the photos' own pixels (colours, garment class), the words in
// their file names and the text OCR reads on a label close-up. Deterministic, and it never invents: a field
// nothing supports stays null, and the listing then says so ("Taille non visible").

/** A class must reach this mean probability over the garment photos before it becomes the category. */
export const CATEGORY_MIN_SCORE = 0.45;
/** A first photo classified this surely decides alone. */
export const CATEGORY_SURE_SCORE = 0.85;
/**
 * OCR text below this mean confidence (0–1) is treated as unread. Tesseract's mean counts the fabric noise
 * around the print (a clean label re-encoded as our 1600 px preview reads at about 0.5), and the label parser
 * only accepts whole brand names and size tokens, so the bar is there to drop pure noise, not to judge words.
 */
const OCR_MIN_CONFIDENCE = 0.4;
/** At most this many label photos are read: OCR is the slowest step. */
const MAX_LABEL_PHOTOS = 2;

export interface CategoryCandidate { category: string; score: number }

export interface PhotoLook {
  category: { key: string; score: number } | null;
  /** The three likeliest categories with their mean scores, best first, even when none was sure enough. */
  candidates: CategoryCandidate[];
  colours: { primary: string; secondary: string | null } | null;
  labelText: string | null;
  label: { brand: string | null; size: string | null; composition: Fibre[] };
}

/**
 * Everything the offline analyser takes from the vision module, in one place: garment class voted over the
 * garment shots, colours voted over the same shots, label text read on the close-ups. A vision part that cannot
 * run (classifier files missing, OCR failing) leaves its field empty: the listing then says what is unknown.
 */
export async function lookAtPhotos(
  photos: AnalysisPhoto[],
  warn: (msg: string, err: unknown) => void = () => {},
  opts: { classify: boolean } = { classify: true },
): Promise<PhotoLook> {
  const isLabel = photos.map((p) => detectLabelCloseUp(p.decoded).is_label);
  // Label close-ups say nothing about the garment's shape or colour: only the other photos are classified.
  const shots = photos.filter((_, i) => !isLabel[i]);

  let category: PhotoLook['category'] = null;
  let candidates: CategoryCandidate[] = [];
  if (opts.classify) {
    try {
      ({ category, candidates } = await voteCategory(shots));
    } catch (e) {
      warn('garment classifier unavailable: category left to hints and file names', e);
    }
  }

  const colours = voteColours(shots.map((p) => p.colours ?? dominantColours(p.decoded)));

  const texts: string[] = [];
  for (const p of photos.filter((_, i) => isLabel[i]).slice(0, MAX_LABEL_PHOTOS)) {
    if (!p.previewPath) continue;
    try {
      const r = await readLabelText(await fs.readFile(p.previewPath));
      if (r.text.trim() && r.confidence >= OCR_MIN_CONFIDENCE) texts.push(r.text.trim());
    } catch (e) {
      warn('label OCR failed: brand, size and composition left to hints and file names', e);
    }
  }
  const labelText = texts.length ? texts.join('\n').slice(0, 500) : null;
  if (!labelText) return { category, candidates, colours, labelText, label: { brand: null, size: null, composition: [] } };
  const parsed = parseLabelText(labelText);
  const composition: Fibre[] = (parsed.composition ?? [])
    .map((c) => ({ fibre: fibreFromWord(c.material) ?? (c.material in FIBRES ? c.material : ''), percent: c.percent }))
    .filter((c) => c.fibre !== '');
  return {
    category, candidates, colours, labelText,
    label: {
      brand: parsed.brand ?? readBrand(labelText, false),
      size: parsed.size ?? readSize(labelText, { letters: 'upper' }),
      composition: composition.length ? composition : readComposition(labelText),
    },
  };
}

/**
 * Mean probability over the garment shots, from each photo's top 3: one unsure side view does not veto a clear
 * front view, and two photos that each hesitate between the same two classes add up. Photos are classified in
 * order and the vote stops at the first photo the network is sure of: the classifier is the slowest step of an
 * offline listing, and a second opinion on a clear front view changes nothing.
 */
async function voteCategory(shots: AnalysisPhoto[]): Promise<Pick<PhotoLook, 'category' | 'candidates'>> {
  const votes = new Map<string, number>();
  let seen = 0;
  for (const p of shots) {
    const c = await classifyGarment(p.decoded);
    seen++;
    for (const s of c.top3) {
      const key = resolveCategory(s.category)?.key;
      if (key) votes.set(key, (votes.get(key) ?? 0) + s.score);
    }
    if (seen === 1 && c.score >= CATEGORY_SURE_SCORE) break;
  }
  const ranked = [...votes.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  const candidates = seen ? ranked.slice(0, 3).map(([category, v]) => ({ category, score: round(v / seen) })) : [];
  const best = candidates[0];
  return { category: best && best.score >= CATEGORY_MIN_SCORE ? { key: best.category, score: best.score } : null, candidates };
}

/** The colour most photos agree on (earliest photo on a tie), and the second colour they agree on. */
export function voteColours(list: { primary: string; secondary: string | null }[]): { primary: string; secondary: string | null } | null {
  if (!list.length) return null;
  const mode = (xs: (string | null)[]) => {
    const count = new Map<string, number>();
    for (const x of xs) if (x) count.set(x, (count.get(x) ?? 0) + 1);
    let best: string | null = null;
    for (const x of xs) if (x && (best === null || count.get(x)! > count.get(best)!)) best = x;
    return best ? { key: best, n: count.get(best)! } : null;
  };
  const primary = mode(list.map((c) => c.primary))!.key;
  const second = mode(list.filter((c) => c.primary === primary).map((c) => c.secondary));
  const sameShots = list.filter((c) => c.primary === primary).length;
  return { primary, secondary: second && second.key !== primary && second.n * 2 >= sameShots ? second.key : null };
}

const round = (x: number) => Math.round(x * 1000) / 1000;

export class OfflineProvider implements AnalysisProvider {
  readonly name = 'offline' as const;
  readonly model = null;
  private warned = new Set<string>();

  constructor(private readonly log?: Logger) {}

  async read(req: AnalysisRequest): Promise<ProviderResult> {
    const names = req.photos.map((p) => readFileName(p.filename));
    // No need to run the classifier when the seller already named the garment (hint or file name).
    const classify = !req.hints.category && !names.some((n) => n.category);
    const look = await lookAtPhotos(req.photos, (msg, err) => {
      // Once per process and kind: a missing model file would otherwise log on every request.
      if (this.warned.has(msg)) return;
      this.warned.add(msg);
      this.log?.warn({ err: err instanceof Error ? { name: err.name, message: err.message } : String(err) }, msg);
    }, { classify });
    const sources: ProviderResult['sources'] = {};
    const fromNames = <K extends 'brand' | 'size' | 'category'>(k: K) => names.find((n) => n[k])?.[k] ?? null;

    let brand: string | null = null;
    if (look.label.brand) [brand, sources.brand] = [look.label.brand, 'label'];
    else if (fromNames('brand')) [brand, sources.brand] = [fromNames('brand'), 'file name'];

    let size: string | null = null;
    if (look.label.size) [size, sources.size] = [look.label.size, 'label'];
    else if (fromNames('size')) [size, sources.size] = [fromNames('size'), 'file name'];

    // A word the seller typed in a file name beats the classifier's guess.
    let category: string | null = null;
    if (fromNames('category')) [category, sources.category] = [fromNames('category'), 'file name'];
    else if (look.category) [category, sources.category] = [look.category.key, `classifier (${look.category.score})`];

    const colors = look.colours ? [look.colours.primary, look.colours.secondary].map((c) => (c ? findColour(c)?.key : undefined)).filter((c): c is string => !!c) : [];
    if (colors.length) sources.colors = 'pixels';
    const materials = look.label.composition;
    if (materials.length) sources.materials = 'label';

    const reading: GarmentReading = GarmentReadingSchema.parse({
      category, brand, size, condition: null, colors, materials, details: [], defects: [], label_text: look.labelText,
    });
    return { reading: boundReading(reading), sources, model: null, usage: null, category_candidates: look.candidates };
  }
}
