// How the shipped classifier and the optional CLIP zero-shot combine (pure, tested on its own):
// 1. CLIP's categories are folded onto the classifier's ten classes (jeans and joggers → trousers, coat and
//    puffer → jacket, cap and beanie → hat, trainers → shoes, sweatshirt → hoodie, polo → t-shirt).
// 2. The two distributions are multiplied with equal weight (a geometric mean, renormalised): either model can
//    veto a class the other likes, and agreement sharpens the answer.
// 3. The winning class is then refined to CLIP's finer category when CLIP puts most of that class's mass on
//    one of them ("jeans" rather than "trousers", "coat" rather than "jacket").
// 4. A bag, which the classifier has no class for, wins outright when CLIP is sure of it (≥ 0.5).
import type { CategoryScore } from '../classifier/garment-classes.ts';

const COARSE: Record<string, string> = {
  sweatshirt: 'hoodie', joggers: 'trousers', jeans: 'trousers', puffer: 'jacket', coat: 'jacket', polo: 't-shirt',
  cap: 'hat', beanie: 'hat', trainers: 'shoes', jumper: 'hoodie',
};
const OUTSIDE_CLASSIFIER = new Set(['handbag', 'backpack']);

export function fuseWithClip(classifier: CategoryScore[], clip: CategoryScore[], clipWeight = 0.5): CategoryScore[] {
  const classes = classifier.map((c) => c.category);
  const outside = clip.filter((c) => OUTSIDE_CLASSIFIER.has(c.category)).sort((a, b) => b.score - a.score)[0];
  if (outside && outside.score >= 0.5) return [outside, ...classifier.slice(0, 2)];

  const clipCoarse = new Map<string, number>();
  for (const c of clip) {
    const k = COARSE[c.category] ?? c.category;
    if (classes.includes(k)) clipCoarse.set(k, (clipCoarse.get(k) ?? 0) + c.score);
  }
  const eps = 1e-4;
  const raw = classifier.map((c) => ({ category: c.category, score: Math.exp((1 - clipWeight) * Math.log(c.score + eps) + clipWeight * Math.log((clipCoarse.get(c.category) ?? 0) + eps)) }));
  const total = raw.reduce((s, c) => s + c.score, 0);
  const fused = raw.map((c) => ({ category: c.category, score: c.score / total })).sort((a, b) => b.score - a.score);

  const win = fused[0];
  const members = clip.filter((c) => (COARSE[c.category] ?? c.category) === win.category).sort((a, b) => b.score - a.score);
  const mass = members.reduce((s, c) => s + c.score, 0);
  if (members[0] && members[0].category !== win.category && members[0].score > mass / 2) fused[0] = { category: members[0].category, score: win.score };
  return fused;
}
