import fs from 'node:fs/promises';
import type { Logger } from 'pino';
import { type Fibre, fibreFromWord, FIBRES, findColour } from '@vintedbot/catalog';
import { dominantColours, garmentLab, type Lab } from '../photos/index.ts';
import type { AnalysisPhoto, AnalysisProvider, AnalysisRequest, MemoryDecision, ProviderResult } from './analysis-provider.ts';
import { CATEGORY_SURE_SCORE, type CategoryVote, namedCategory, type PhotoClassScores, type SellerWords, voteCategory } from './category-vote.ts';
import { boundReading, type GarmentReading, GarmentReadingSchema } from './garment-reading.ts';
import { readBrand, readComposition, readFileName, readSize } from './text-clues.ts';
import type { SellerMemoryService } from './memory/seller-memory.service.ts';
import { photoOutputs } from './vision/classifier/garment-classifier.ts';
import { classifyGarment, detectLabelCloseUp, parseLabelText, readLabelText } from './vision/index.ts';

// The offline analyser (the default, no key): the photos' own pixels (colours, garment class), the words in
// their file names and the text OCR reads on a label close-up. Deterministic, and it never invents: a field
// nothing supports stays null: the ad leaves it out and the seller sees it among the missing fields.

/**
 * OCR text below this mean confidence (0–1) is treated as unread. Tesseract's mean counts the fabric noise
 * around the print (a clean label re-encoded as our 1600 px preview reads at about 0.5), and the label parser
 * only accepts whole brand names and size tokens, so the bar is there to drop pure noise, not to judge words.
 */
const OCR_MIN_CONFIDENCE = 0.4;
/** At most this many label photos are read: OCR is the slowest step. */
const MAX_LABEL_PHOTOS = 2;

export interface PhotoLook {
  /** The category vote (category-vote.ts): the seller's word, else the classifier over the garment shots. */
  category: CategoryVote;
  colours: { primary: string; secondary: string | null } | null;
  /** The seller's memory changed the primary colour the pixels read: to what, on how many confirmed items. */
  colourMemory: { value: string; count: number } | null;
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
  words: SellerWords = {},
  memory?: SellerMemoryService,
): Promise<PhotoLook> {
  const isLabel = photos.map((p) => detectLabelCloseUp(p.decoded).is_label);
  // Label close-ups say nothing about the garment's shape or colour: only the other photos are classified.
  const shots = photos.filter((_, i) => !isLabel[i]);

  let scores: PhotoClassScores[] = [];
  // No need to run the classifier when the seller already named the garment (hint or file name).
  if (!namedCategory(words)) {
    try {
      scores = await classifyShots(shots, memory);
    } catch (e) {
      warn('garment classifier unavailable: category left to hints and file names', e);
    }
  }
  const category = voteCategory(scores, words);

  const shotColours = shots.map((p) => p.colours ?? dominantColours(p.decoded));
  let colours = voteColours(shotColours);
  // The seller's confirmed colours on their floor and in their light (navy → black…), compared by measured colour.
  let colourMemory: PhotoLook['colourMemory'] = null;
  if (colours && memory) {
    await memory.ready();
    if (memory.size) {
      const primary = colours.primary;
      const lab = meanLab(shots.flatMap((p, i) => {
        if (shotColours[i].primary !== primary) return [];
        // The intake's colours carry the palette; a caller that gave names only gets them measured again.
        const c = shotColours[i].palette ? shotColours[i] : dominantColours(p.decoded);
        return [garmentLab(c)].filter((x): x is Lab => x !== null);
      }));
      const fix = memory.colourFor(primary, lab);
      if (fix.source === 'memory') {
        colourMemory = { value: fix.colour, count: fix.count };
        colours = { primary: fix.colour, secondary: colours.secondary === fix.colour ? null : colours.secondary };
      }
    }
  }

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
  if (!labelText) return { category, colours, colourMemory, labelText, label: { brand: null, size: null, composition: [] } };
  const parsed = parseLabelText(labelText);
  const composition: Fibre[] = (parsed.composition ?? [])
    .map((c) => ({ fibre: fibreFromWord(c.material) ?? (c.material in FIBRES ? c.material : ''), percent: c.percent }))
    .filter((c) => c.fibre !== '');
  return {
    category, colours, colourMemory, labelText,
    label: {
      brand: parsed.brand ?? readBrand(labelText, false),
      size: parsed.size ?? readSize(labelText, { letters: 'upper' }),
      composition: composition.length ? composition : readComposition(labelText),
    },
  };
}

/**
 * The garment shots' classes, in order, for the category vote. Classification stops at a first photo the network
 * is sure of: the classifier is the slowest step of an offline listing, and a second opinion on a clear front view
 * changes nothing.
 */
async function classifyShots(shots: AnalysisPhoto[], memory?: SellerMemoryService): Promise<PhotoClassScores[]> {
  const scores: PhotoClassScores[] = [];
  if (memory) await memory.ready();
  for (const p of shots) {
    let c: PhotoClassScores & { score: number } = await classifyGarment(p.decoded);
    // With confirmed items remembered, each photo's scores are blended with its nearest ones (memory-vote.ts);
    // the backbone outputs are memoised, so this costs the projection and one search, not a second network run.
    if (memory?.size) {
      const b = memory.consult(await memory.vectorOf(await photoOutputs(p.decoded)), c.top3);
      const top3 = b.ranked.slice(0, 3).map((s) => ({ category: s.category, score: Math.round(s.score * 1000) / 1000 }));
      c = { top3, score: top3[0]?.score ?? 0, memory: { decided: b.decided, count: b.count } };
    }
    scores.push(c);
    if (scores.length === 1 && c.score >= CATEGORY_SURE_SCORE) break;
  }
  return scores;
}

const meanLab = (labs: Lab[]): Lab | null =>
  labs.length ? ([0, 1, 2].map((k) => labs.reduce((a, l) => a + l[k], 0) / labs.length) as Lab) : null;

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

export class OfflineProvider implements AnalysisProvider {
  readonly name = 'offline' as const;
  readonly model = null;
  private warned = new Set<string>();

  constructor(private readonly log?: Logger, private readonly memory?: SellerMemoryService) {}

  async read(req: AnalysisRequest): Promise<ProviderResult> {
    const names = req.photos.map((p) => readFileName(p.filename));
    const look = await lookAtPhotos(req.photos, (msg, err) => {
      // Once per process and kind: a missing model file would otherwise log on every request.
      if (this.warned.has(msg)) return;
      this.warned.add(msg);
      this.log?.warn({ err: err instanceof Error ? { name: err.name, message: err.message } : String(err) }, msg);
    }, { hint: req.hints.category, fileNames: req.photos.map((p) => p.filename) }, this.memory);
    const sources: ProviderResult['sources'] = {};
    const fromNames = <K extends 'brand' | 'size'>(k: K) => names.find((n) => n[k])?.[k] ?? null;

    let brand: string | null = null;
    if (look.label.brand) [brand, sources.brand] = [look.label.brand, 'label'];
    else if (fromNames('brand')) [brand, sources.brand] = [fromNames('brand'), 'file name'];

    let size: string | null = null;
    if (look.label.size) [size, sources.size] = [look.label.size, 'label'];
    else if (fromNames('size')) [size, sources.size] = [fromNames('size'), 'file name'];

    // The seller's word (hint, file name) beats the classifier's guess.
    const vote = look.category;
    const category = vote.category;
    if (vote.source) sources.category = vote.source === 'classifier' ? `classifier (${vote.score})` : vote.source === 'memory' ? `seller's memory (${vote.score})` : vote.source;
    const decisions: MemoryDecision[] = [];
    if (vote.source === 'memory' && category) decisions.push({ field: 'category', code: 'seller_memory', params: { value: category, count: vote.memoryCount ?? 1 } });

    const colors = look.colours ? [look.colours.primary, look.colours.secondary].map((c) => (c ? findColour(c)?.key : undefined)).filter((c): c is string => !!c) : [];
    if (colors.length) sources.colors = look.colourMemory ? "pixels, seller's memory" : 'pixels';
    if (look.colourMemory && colors[0] === look.colourMemory.value) decisions.push({ field: 'color', code: 'seller_memory', params: look.colourMemory });
    const materials = look.label.composition;
    if (materials.length) sources.materials = 'label';

    const reading: GarmentReading = GarmentReadingSchema.parse({
      category, brand, size, condition: null, colors, materials, details: [], defects: [], label_text: look.labelText,
    });
    return { reading: boundReading(reading), sources, model: null, usage: null, category_candidates: look.category.candidates, decisions };
  }
}
