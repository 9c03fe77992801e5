// The prequential protocol of `npm run eval:memory` (pure, so its test runs it on made-up photos): photos arrive
// one by one in a fixed order; each is predicted (generic classifier alone, and blended with the memory of the
// photos before it), then "confirmed" with its true labels and added to the memory. Accuracy is counted by
// blocks of the stream: the first 50 photos, photos 50–150, after 150. Colour is counted the same way where the
// truth is known: the pixels' reading alone, and after the seller's confirmed colours voted (colour-vote.ts).
import type { Lab } from '../../photos/index.ts';
import { type ColourVoteParams, COLOUR_VOTE, voteColour } from './colour-vote.ts';
import { MemoryIndex } from './memory-index.ts';
import { mulberry32 } from './memory-vector.ts';
import { blendWithMemory, type MemoryVoteParams, MEMORY_VOTE, outcomeOf, type Scored, trustOf } from './memory-vote.ts';

export interface StreamPhoto {
  id: string;
  /** The generic classifier's scores for every class. */
  generic: Scored[];
  vector: Float32Array;
  category: string;
  /** The colour the pixels read, and the true one (both optional: only folders with colours.csv have it). */
  seenColour?: string | null;
  colour?: string | null;
  /** The garment's measured main colour (photos' garmentLab). */
  lab?: Lab | null;
}

export const BLOCKS = [{ name: 'first 50', from: 0, to: 50 }, { name: '50–150', from: 50, to: 150 }, { name: 'after 150', from: 150, to: Infinity }] as const;

export interface BlockTally { name: string; n: number; generic: number; memory: number; decidedByMemory: number }
export type ColourVerdict = (predicted: string, photo: StreamPhoto) => 'exact' | 'near' | 'miss';
export interface ColourTally {
  name: string;
  n: number;
  generic: Record<'exact' | 'near' | 'miss', number>;
  memory: Record<'exact' | 'near' | 'miss', number>;
  /** Photos whose colour the memory changed (right or wrong). */
  changed: number;
}

/** Fisher–Yates with a seeded generator: the same order for the same seed, on every machine. */
export function seededOrder<T>(items: readonly T[], seed: number): T[] {
  const rnd = mulberry32(seed);
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

export function runPrequential(stream: readonly StreamPhoto[], opts: {
  params?: MemoryVoteParams; colourParams?: ColourVoteParams; colourVerdict?: ColourVerdict;
  /** false: the memory at full say whatever its record (what the trust gate is measured against). */
  gate?: boolean;
} = {}) {
  const params = opts.params ?? MEMORY_VOTE;
  const colourParams = opts.colourParams ?? COLOUR_VOTE;
  const index = new MemoryIndex();
  const blocks: BlockTally[] = BLOCKS.map((b) => ({ name: b.name, n: 0, generic: 0, memory: 0, decidedByMemory: 0 }));
  const zero = () => ({ exact: 0, near: 0, miss: 0 });
  const colours: ColourTally[] = BLOCKS.map((b) => ({ name: b.name, n: 0, generic: zero(), memory: zero(), changed: 0 }));
  stream.forEach((p, i) => {
    const b = BLOCKS.findIndex((x) => i >= x.from && i < x.to);
    const generic = [...p.generic].sort((x, y) => y.score - x.score)[0]?.category;
    // One search serves the prediction and, after it, this photo's part of the record (the memory has not changed between).
    const near = index.size ? index.nearest(p.vector, params.k) : [];
    const blended = blendWithMemory(p.generic, near, params, opts.gate === false ? 1 : trustOf(index.record));
    const t = blocks[b];
    t.n++;
    t.generic += +(generic === p.category);
    t.memory += +(blended.ranked[0]?.category === p.category);
    t.decidedByMemory += +blended.decided;
    if (opts.colourVerdict && p.seenColour && p.colour) {
      const c = colours[b];
      const corrected = voteColour(p.seenColour, p.lab ?? null, index, colourParams).colour;
      c.n++;
      c.generic[opts.colourVerdict(p.seenColour, p)]++;
      c.memory[opts.colourVerdict(corrected, p)]++;
      c.changed += +(corrected !== p.seenColour);
    }
    const won = outcomeOf(p.category, p.generic, near, params);
    index.add({ id: p.id, category: p.category, colour: p.colour ?? null, seenColour: p.seenColour ?? null, lab: p.lab ?? null, brand: null, won }, p.vector);
  });
  return { blocks: blocks.filter((x) => x.n), colours: colours.filter((x) => x.n), record: { ...index.record }, trust: trustOf(index.record) };
}
