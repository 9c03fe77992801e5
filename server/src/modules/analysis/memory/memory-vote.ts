// How the seller's memory and the generic classifier share a decision (pure; the analyser and `npm run
// eval:memory` run this same code). The k most similar remembered photos vote for their confirmed category,
// each weighted by exp((similarity − 1) / TAU), so a near-identical shot counts far more than a vaguely similar
// one. The memory's say α = W / (W + BETA) grows with the total weight W of those neighbours: an empty or
// unfamiliar memory leaves the classifier alone, a seller with many close confirmed photos is mostly followed.
// The blend is (1 − α)·classifier + α·memory; the memory "decided" when its share of the winner is the larger.
// α is scaled by the memory's record on this seller's confirmations (trustOf): where it keeps overruling a
// classifier that was right, it fades.
import type { MemoryIndex, MemoryRecord, Neighbour } from './memory-index.ts';

export interface MemoryVoteParams { k: number; tau: number; beta: number }
/**
 * Chosen on clothing-train contributors' streams (never on clothing-dev): k 10, tau 0.05, beta 0.5. See the
 * README's "Seller's memory" section for the figures.
 */
export const MEMORY_VOTE: MemoryVoteParams = { k: 10, tau: 0.05, beta: 0.5 };

export interface Scored { category: string; score: number }

export interface BlendedScores {
  /** Every class of the classifier, blended, best first. */
  ranked: Scored[];
  /** The memory's say (α, 0–1). */
  weight: number;
  /** True when the memory's part of the winner's score is larger than the classifier's. */
  decided: boolean;
  /** Neighbours among the k that carry the winning category (the "3" of "like your 3 previous sweatshirts"). */
  count: number;
}

export function neighbourWeight(similarity: number, tau: number): number {
  return Math.exp((similarity - 1) / tau);
}

/**
 * How far the memory is trusted, 0–1: fully until the classifier has won more of their disagreements than the
 * memory (one win each as a prior), then the memory's share of the wins, doubled. A seller whose corrections keep
 * the memory right keeps it at full say; one on whose photos it keeps overruling a classifier that was right sees
 * it fade (on clothing-train's largest contributor it overruled the classifier wrongly more often than not).
 */
export function trustOf(r: MemoryRecord): number {
  return Math.min(1, (2 * (r.memoryWon + 1)) / (r.memoryWon + r.genericWon + 2));
}

/** The neighbours' weights summed per confirmed category, and in all. */
function votesOf(neighbours: readonly Neighbour[], tau: number): { mem: Map<string, number>; total: number } {
  const mem = new Map<string, number>();
  let total = 0;
  for (const n of neighbours) {
    if (!n.entry.category) continue;
    const w = neighbourWeight(n.similarity, tau);
    mem.set(n.entry.category, (mem.get(n.entry.category) ?? 0) + w);
    total += w;
  }
  return { mem, total };
}

/** The memory's vote alone: its winner and its say (α before trust), or null when no neighbour is labelled. */
export function memoryAlone(neighbours: readonly Neighbour[], p: MemoryVoteParams = MEMORY_VOTE): { category: string; say: number } | null {
  const { mem, total } = votesOf(neighbours, p.tau);
  if (!total) return null;
  const [category] = [...mem.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0];
  return { category, say: total / (total + p.beta) };
}

/** One confirmed photo's part of the record: asked before it joins the memory, `truth` being what the seller confirmed. */
export function outcomeOf(truth: string | null, generic: readonly Scored[], neighbours: readonly Neighbour[], p: MemoryVoteParams = MEMORY_VOTE): MemoryRecord {
  const mem = memoryAlone(neighbours, p);
  const gen = [...generic].sort((a, b) => b.score - a.score)[0]?.category;
  if (!truth || !mem || mem.category === gen) return { memoryWon: 0, genericWon: 0 };
  return { memoryWon: mem.category === truth ? mem.say : 0, genericWon: gen === truth ? mem.say : 0 };
}

/** The classifier's scores for every class blended with the memory's neighbours (see the top of this file). */
export function blendWithMemory(generic: readonly Scored[], neighbours: readonly Neighbour[], p: MemoryVoteParams = MEMORY_VOTE, trust = 1): BlendedScores {
  const { mem, total } = votesOf(neighbours, p.tau);
  const weight = trust * total / (total + p.beta);
  const classes = new Set([...generic.map((g) => g.category), ...mem.keys()]);
  const gen = new Map(generic.map((g) => [g.category, g.score]));
  const ranked = [...classes].map((category) => ({
    category,
    score: (1 - weight) * (gen.get(category) ?? 0) + (total ? weight * (mem.get(category) ?? 0) / total : 0),
  })).sort((a, b) => b.score - a.score || a.category.localeCompare(b.category));
  const win = ranked[0]?.category;
  const memPart = win && total ? weight * (mem.get(win) ?? 0) / total : 0;
  const genPart = win ? (1 - weight) * (gen.get(win) ?? 0) : 0;
  const count = neighbours.filter((n) => n.entry.category === win).length;
  return { ranked, weight, decided: memPart > genPart, count };
}

/** The blend for one photo's vector against the index, the memory's say scaled by its record (trustOf). */
export function consultCategory(index: MemoryIndex, vector: Float32Array, generic: readonly Scored[], p: MemoryVoteParams = MEMORY_VOTE, trust = trustOf(index.record)): BlendedScores {
  return blendWithMemory(generic, index.size ? index.nearest(vector, p.k) : [], p, trust);
}
