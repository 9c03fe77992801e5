// The one rule that names an article's category from its photos, for the single ingest (offline analyser) and the
// bulk import (one vote per group). The seller's word wins: a category hint, else a category word in a photo's file
// name (or folder). Otherwise the garment classifier votes: each photo gives its three likeliest classes, their
// scores are averaged over the photos that voted, and the best class becomes the category only when that mean
// reaches CATEGORY_MIN_SCORE. Below it the category stays empty (the listing never states what nobody saw) and the
// candidates are there for the seller to pick from.
import { resolveCategory } from '@vintedbot/catalog';
import { readFileName } from './text-clues.ts';

/** A class must reach this mean probability over the garment photos before it becomes the category. */
export const CATEGORY_MIN_SCORE = 0.45;
/**
 * A first photo classified this surely decides alone. Only a caller that classifies photo by photo uses it, to stop
 * early (the classifier is the slowest step of an offline listing, and a second opinion on a clear front view changes
 * nothing); the vote itself counts the photos it is given.
 */
export const CATEGORY_SURE_SCORE = 0.85;

export interface CategoryCandidate { category: string; score: number }

/**
 * What one photo's classifier said: its three likeliest classes with their probabilities; with the seller's memory
 * consulted (memory/memory-vote.ts), the blended scores, whether the memory decided this photo's first class, and
 * how many of the seller's confirmed items like it carry that class.
 */
export interface PhotoClassScores { top3: readonly CategoryCandidate[]; memory?: { decided: boolean; count: number } }

export interface CategoryVote {
  /** Our category key, or null when the seller named none and the photos were not sure enough. */
  category: string | null;
  /** Who named it. */
  source: 'hint' | 'file name' | 'classifier' | 'memory' | null;
  /** The winning class's mean score when the classifier named it, else null. */
  score: number | null;
  /** The classifier's three likeliest categories with their mean scores, best first (empty when no photo voted). */
  candidates: CategoryCandidate[];
  /** How many photos the classifier's vote averaged over. */
  voters: number;
  /** With source 'memory': how many of the seller's confirmed items like these photos carry the category. */
  memoryCount?: number;
}

export interface SellerWords {
  /** The category the seller gave (a key or a garment word). */
  hint?: string | null;
  /** The photos' file names, with their folders when they have some. */
  fileNames?: readonly (string | null | undefined)[];
}

/** The category the seller named, by hint or by a word in a file name (first photo first). */
export function namedCategory(words: SellerWords): { category: string; source: 'hint' | 'file name' } | null {
  const hint = words.hint ? resolveCategory(words.hint)?.key : undefined;
  if (hint) return { category: hint, source: 'hint' };
  for (const name of words.fileNames ?? []) {
    const category = readFileName(name).category;
    if (category) return { category, source: 'file name' };
  }
  return null;
}

/** The photos' vote (see the top of this file). Classes outside our catalogue are ignored. */
export function voteCategory(photos: readonly PhotoClassScores[], words: SellerWords = {}): CategoryVote {
  const votes = new Map<string, number>();
  for (const p of photos) {
    for (const s of p.top3) {
      const key = resolveCategory(s.category)?.key;
      if (key) votes.set(key, (votes.get(key) ?? 0) + s.score);
    }
  }
  const voters = photos.length;
  // Best first; on a tie the key's alphabetical order, so the same photos always give the same answer.
  const ranked = [...votes.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  const candidates = voters ? ranked.slice(0, 3).map(([category, v]) => ({ category, score: round(v / voters) })) : [];
  const named = namedCategory(words);
  if (named) return { ...named, score: null, candidates, voters };
  const best = candidates[0];
  if (best && best.score >= CATEGORY_MIN_SCORE) {
    // The seller's memory named it when it decided most of the photos that put this class first.
    const firsts = photos.filter((p) => p.top3[0] && resolveCategory(p.top3[0].category)?.key === best.category);
    const byMemory = firsts.filter((p) => p.memory?.decided);
    if (byMemory.length && byMemory.length * 2 > firsts.length) {
      return { category: best.category, source: 'memory', score: best.score, candidates, voters, memoryCount: Math.max(...byMemory.map((p) => p.memory!.count)) };
    }
    return { category: best.category, source: 'classifier', score: best.score, candidates, voters };
  }
  return { category: null, source: null, score: null, candidates, voters };
}

/** The vote in a few words, for logs: "category jacket (0.83)", "category jacket (file name)", "no category (…)". */
export function describeVote(v: CategoryVote): string {
  if (v.category) return `category ${v.category} (${v.source === 'classifier' ? v.score : v.source === 'memory' ? `seller's memory, ${v.memoryCount} like it` : v.source})`;
  const best = v.candidates[0];
  return v.voters && best ? `no category (classifier unsure: ${best.category} ${best.score})` : 'no category (classifier unavailable)';
}

const round = (x: number) => Math.round(x * 1000) / 1000;
