// Photos in, article groups out, with the reasons. Sequence mode (the normal case: a camera roll) cuts the
// capture order into runs; density mode (average linkage, detail shots placed by the region they show) is for
// uploads whose order says nothing. Label close-ups are placed by the camera roll, or by colour, afterwards. Every photo lands in exactly one group: nothing is dropped.
import { attachCloseUp, bestColour, type Neighbour } from './close-up-attachment.ts';
import { captureOrder } from './capture-order.ts';
import { averageLinkage, centreRegionCosine, detailMatches, wholeViewOf } from './density-clustering.ts';
import { logit, type PairCoefficients, pairFeatures, sameGarmentLogit, sigmoid, timeGapLogit } from './pair-model.ts';
import type { PhotoSignals } from './photo-signals.ts';
import { type Linkage, segmentSequence } from './sequence-segmentation.ts';

export type GroupingMode = 'auto' | 'sequence' | 'density';

export interface GroupingOptions {
  /** BULK_CLUSTER_EPS, density mode: two groups merge while their photos' average P(same garment) is at least 1 − this. */
  eps: number;
  /** BULK_MIN_SAMPLES, density mode: photos a group needs; smaller ones stay as lone photos, flagged. */
  minSamples: number;
  /** Sequence mode: a photo links to a run when its average same-garment probability with the run's photos is
   *  above this (fitted on the training sessions, see bench/bulk-calibrate.ts). */
  linkProbability: number;
  mode: GroupingMode;
  /** Vinted's limit per listing. */
  maxGroupSize: number;
  /** Below this many photos a group is flagged few_photos (kept, never discarded). */
  minPhotos: number;
  /** How much the time-gap prior counts against the pixels' evidence. */
  timeWeight: number;
  /** Log-prior of a run of 1 and of 2 photos: sellers shoot a garment 3–6 times, so a lone shot is more often a
   *  detail of its neighbour than a garment of its own. Only a prior: strong evidence still makes a group of one. */
  smallRunPrior: [number, number];
  /** How a photo's links to the run before it add up (see sequence-segmentation.ts). */
  linkage: Linkage;
  /** Density mode: a photo the linkage left alone joins the group with the photo whose centre window (the garment,
   *  less of the floor) matches its own at this cosine or more (after removing the batch's mean region)… */
  adoptCentre: number;
  /** …when that group's best match is this far ahead of every other group's. Both chosen on clothing-train sessions
   *  (bench/bulk-density-tune.ts); above 1: never. */
  adoptMargin: number;
  /** The pair model's coefficients (the fitted ones by default; the calibration script tries its own). */
  model?: { withEmbedding: PairCoefficients; withoutEmbedding: PairCoefficients };
}

export const DEFAULT_GROUPING: GroupingOptions = { eps: 0.5, minSamples: 2, linkProbability: 0.15, mode: 'auto', maxGroupSize: 20, minPhotos: 3, timeWeight: 3, smallRunPrior: [-2, -1], linkage: 'average', adoptCentre: 0.5, adoptMargin: 0.1 };

export interface GroupReason { rule: string; message: string; photos: string[]; evidence: Record<string, unknown> }

export interface PhotoGroup {
  /** Capture order, close-ups included. */
  photoIds: string[];
  closeUpIds: string[];
  fewPhotos: boolean;
  /** Mean same-garment probability over the pairs of full shots (null with fewer than two). */
  cohesion: number | null;
  reasons: GroupReason[];
}

export interface GroupingResult {
  mode: 'sequence' | 'density';
  /** Why that mode: share of consecutive pairs that look alike versus the share among all pairs. */
  order: { consecutive_alike: number; any_alike: number; informative: boolean };
  groups: PhotoGroup[];
}

export function groupPhotos(input: readonly PhotoSignals[], opts: GroupingOptions = DEFAULT_GROUPING): GroupingResult {
  const ordered = captureOrder(centreEmbeddings(input));
  const full = ordered.filter((p) => !p.closeUp);
  const threshold = logit(Math.min(0.999, Math.max(0.001, opts.linkProbability)));
  const cache = new Map<string, number>();
  const z = (a: PhotoSignals, b: PhotoSignals) => {
    const key = a.id < b.id ? `${a.id}|${b.id}` : `${b.id}|${a.id}`;
    let v = cache.get(key);
    if (v === undefined) cache.set(key, (v = sameGarmentLogit(pairFeatures(a, b), opts.model?.withEmbedding, opts.model?.withoutEmbedding)));
    return v;
  };
  // "Alike" in the plain sense (more likely the same garment than not), whatever the thresholds.
  const order = orderInformation(full, (a, b) => z(a, b) > 0);
  const mode = opts.mode === 'auto' ? (order.informative ? 'sequence' : 'density') : opts.mode;
  const raw = new Map(input.map((p) => [p.id, p]));
  const groups = mode === 'sequence' ? sequenceGroups(full, z, threshold, opts) : densityGroups(full, raw, z, opts);
  placeCloseUps(ordered, groups, mode);
  const result = groups
    .filter((g) => g.members.length > 0)
    .map((g) => finish(g, z, opts));
  result.sort((a, b) => ordered.findIndex((p) => p.id === a.photoIds[0]) - ordered.findIndex((p) => p.id === b.photoIds[0]));
  return { mode, order, groups: result };
}

interface Draft { members: PhotoSignals[]; closeUps: PhotoSignals[]; reasons: GroupReason[] }

function sequenceGroups(full: PhotoSignals[], z: (a: PhotoSignals, b: PhotoSignals) => number, threshold: number, opts: GroupingOptions): Draft[] {
  const gap = (k: number) => (full[k].takenAt !== null && full[k + 1].takenAt !== null ? full[k + 1].takenAt! - full[k].takenAt! : null);
  const starts = segmentSequence({
    n: full.length,
    maxLength: opts.maxGroupSize,
    linkage: opts.linkage,
    pairWeight: (i, j) => z(full[i], full[j]) - threshold,
    adjacentBonus: (k) => opts.timeWeight * timeGapLogit(gap(k)),
    runPrior: (len) => (len === 1 ? opts.smallRunPrior[0] : len === 2 ? opts.smallRunPrior[1] : 0),
  });
  return starts.map((s, gi) => {
    const end = gi + 1 < starts.length ? starts[gi + 1] : full.length;
    const members = full.slice(s, end);
    const reasons: GroupReason[] = [];
    const names = members.map((m) => m.filename);
    const pairs = pairProbabilities(members, z);
    const weakest = pairs.length ? pairs.reduce((a, b) => (b.p < a.p ? b : a)) : null;
    reasons.push({
      rule: 'consecutive_shots',
      photos: members.map((m) => m.id),
      message: members.length === 1
        ? `${names[0]} looks like none of the shots around it, so it stands alone.`
        : `${names[0]} to ${names.at(-1)}: ${members.length} consecutive shots that look like the same garment (mean same-garment probability ${fmt(mean(pairs.map((p) => p.p)))}${weakest ? `, weakest pair ${weakest.a} / ${weakest.b} at ${fmt(weakest.p)}` : ''}).`,
      evidence: { mean_probability: round(mean(pairs.map((p) => p.p))), weakest: weakest ? { a: weakest.a, b: weakest.b, probability: round(weakest.p) } : null },
    });
    if (s > 0) {
      const prev = full[s - 1];
      const p = sigmoid(z(prev, members[0]));
      const g = gap(s - 1);
      reasons.push({
        rule: 'new_garment',
        photos: [prev.id, members[0].id],
        message: `New article at ${members[0].filename}: it differs from the previous shot ${prev.filename} (same-garment probability ${fmt(p)})${g !== null ? `, taken ${Math.round(g / 1000)} s later` : ''}.`,
        evidence: { previous: prev.id, probability: round(p), gap_s: g === null ? null : Math.round(g / 1000), time_evidence: round(timeGapLogit(g)) },
      });
    }
    return { members, closeUps: [], reasons };
  });
}

function densityGroups(full: PhotoSignals[], raw: Map<string, PhotoSignals>, z: (a: PhotoSignals, b: PhotoSignals) => number, opts: GroupingOptions): Draft[] {
  // Details are found on the raw embeddings (the region centring is their own), then follow their whole view.
  const details = detailMatches(full.map((p) => raw.get(p.id) ?? p));
  const whole = full.map((_, i) => (details.has(i) ? wholeViewOf(i, details) : i));
  const core = full.map((_, i) => i).filter((i) => whole[i] === i || whole[i] === null);
  const linked = averageLinkage(core.length, (a, b) => sigmoid(z(full[core[a]], full[core[b]])), 1 - opts.eps).map((g) => g.map((k) => core[k]));
  const drafts: Draft[] = [];
  const draftOf = new Map<number, number>();
  const lone = (i: number) => {
    draftOf.set(i, drafts.length);
    drafts.push({ members: [full[i]], closeUps: [], reasons: [{ rule: 'no_dense_neighbourhood', photos: [full[i].id], message: `${full[i].filename} looks like no group of at least ${opts.minSamples} photos (average same-garment probability under ${fmt(1 - opts.eps)}), so it is kept on its own.`, evidence: { eps: opts.eps, min_samples: opts.minSamples } }] });
  };
  // A photo the linkage left alone (a second view on another floor: unlike its garment's other shots as a whole) joins
  // the group whose garment its centre window shows, if one group clearly matches it best (see adoptCentre).
  const centreCos = centreRegionCosine(full.map((p) => raw.get(p.id) ?? p));
  const linkedOf = new Map(linked.flatMap((g, gi) => g.map((i) => [i, gi] as [number, number])));
  const alone = new Set(linked.filter((g) => g.length < Math.max(2, opts.minSamples)).flat());
  const adopted = new Map<number, { by: number; cosine: number; margin: number }>();
  for (const i of alone) {
    const best = new Map<number, { j: number; c: number }>(); // per group, its photo whose centre matches best
    for (const j of core) {
      const c = alone.has(j) ? null : centreCos(i, j);
      if (c !== null && c > (best.get(linkedOf.get(j)!)?.c ?? -Infinity)) best.set(linkedOf.get(j)!, { j, c });
    }
    const [first, second] = [...best.values()].sort((a, b) => b.c - a.c);
    const margin = first ? first.c - (second?.c ?? -1) : 0;
    if (first && first.c >= opts.adoptCentre && margin >= opts.adoptMargin) adopted.set(i, { by: first.j, cosine: first.c, margin });
  }
  for (const g of linked) {
    if (g.length < Math.max(2, opts.minSamples)) { g.filter((i) => !adopted.has(i)).forEach(lone); continue; }
    const members = g.map((i) => full[i]);
    const pairs = pairProbabilities(members, z);
    g.forEach((i) => draftOf.set(i, drafts.length));
    drafts.push({
      members, closeUps: [],
      reasons: [{
        rule: 'look_alike',
        photos: members.map((m) => m.id),
        message: `${members.length} photos that look like the same garment (groups merged while their average same-garment probability was at least ${fmt(1 - opts.eps)}); the upload order carried no information, so only the pixels decided (mean same-garment probability ${fmt(mean(pairs.map((p) => p.p)))}).`,
        evidence: { mean_probability: round(mean(pairs.map((p) => p.p))), eps: opts.eps, min_samples: opts.minSamples },
      }],
    });
  }
  for (const [i, a] of adopted) {
    const d = drafts[draftOf.get(a.by)!];
    d.members.push(full[i]);
    draftOf.set(i, draftOf.get(a.by)!);
    d.reasons.push({ rule: 'same_garment_centre', photos: [full[i].id, full[a.by].id], message: `${full[i].filename} looks unlike this group as a whole, but its centre (the garment, less of the floor) matches ${full[a.by].filename} (similarity ${fmt(a.cosine)}, ${fmt(a.margin)} ahead of any other group), so it joined it.`, evidence: { of: full[a.by].id, similarity: round(a.cosine), margin: round(a.margin) } });
  }
  for (const [i, m] of details) {
    const w = whole[i];
    if (w === null || w === i) continue;
    const d = drafts[draftOf.get(w)!];
    d.closeUps.push(full[i]);
    d.reasons.push({ rule: 'close_up_detail_region', photos: [full[i].id, full[m.of].id], message: `Detail shot ${full[i].filename} matches a region of ${full[m.of].filename} (similarity ${fmt(m.similarity)}), so it joined that garment.`, evidence: { of: full[m.of].id, similarity: round(m.similarity) } });
  }
  return drafts;
}

/**
 * Puts every close-up with a group: in sequence mode with the garment shot just before or after it (a run of
 * close-ups may be split between the two: the label of one garment, then the label of the next); in density
 * mode, where order means nothing, with the group whose colours its surroundings match.
 */
function placeCloseUps(ordered: PhotoSignals[], groups: Draft[], mode: 'sequence' | 'density') {
  const groupOf = new Map<string, number>();
  // Detail shots placed by region (density mode) are already close-ups of their group.
  groups.forEach((g, gi) => [...g.members, ...g.closeUps].forEach((m) => groupOf.set(m.id, gi)));
  let i = 0;
  while (i < ordered.length) {
    if (!ordered[i].closeUp) { i++; continue; }
    let j = i;
    while (j + 1 < ordered.length && ordered[j + 1].closeUp) j++;
    const run = ordered.slice(i, j + 1);
    const prev = i > 0 ? ordered[i - 1] : null;
    const next = j + 1 < ordered.length ? ordered[j + 1] : null;
    const neighbour = (p: PhotoSignals | null, edge: PhotoSignals, after: boolean): Neighbour | null => {
      if (!p) return null;
      const gi = groupOf.get(p.id)!;
      const gapMs = p.takenAt !== null && edge.takenAt !== null ? Math.abs(after ? p.takenAt - edge.takenAt : edge.takenAt - p.takenAt) : null;
      return { group: gi, photos: groups[gi].members, gapMs };
    };
    let movedOn = false; // once a close-up of the run goes with the next garment, the later ones do too
    for (let k = 0; k < run.length; k++) {
      const c = run[k];
      const before = movedOn ? null : neighbour(prev, c, false);
      const at = mode === 'sequence' ? attachCloseUp(c, before, neighbour(next, c, true)) : null;
      let target: number;
      let reason: GroupReason;
      if (at) {
        target = at.group;
        if (next && target === groupOf.get(next.id) && prev && target !== groupOf.get(prev.id)) movedOn = true;
        const rule = { only_neighbour: 'the only garment shot next to it', nearer_in_time: 'the garment shot nearer in time', colour_match: 'the garment whose colour the fabric around it matches', shot_after_garment: 'the garment shot just before it (labels are usually shot last)' }[at.rule];
        reason = { rule: `close_up_${at.rule}`, photos: [c.id], message: `Close-up ${c.filename} joined ${rule}.`, evidence: at.evidence };
      } else {
        const best = bestColourGroup(c, groups);
        if (best.group >= 0 && best.similarity >= 0.35) {
          target = best.group;
          reason = { rule: 'close_up_colour_match', photos: [c.id], message: `Close-up ${c.filename} joined the group whose colours match the fabric around it best (${fmt(best.similarity)}).`, evidence: { colour: round(best.similarity) } };
        } else {
          target = groups.push({ members: [], closeUps: [], reasons: [] }) - 1;
          reason = { rule: 'close_up_alone', photos: [c.id], message: `Close-up ${c.filename} matches no garment, so it is kept on its own for the seller to place.`, evidence: {} };
        }
      }
      groups[target].closeUps.push(c);
      groups[target].reasons.push(reason);
    }
    i = j + 1;
  }
}

function bestColourGroup(p: PhotoSignals, groups: Draft[]) {
  let group = -1, similarity = 0;
  groups.forEach((g, gi) => {
    const s = bestColour(p, g.members);
    if (s > similarity) { similarity = s; group = gi; }
  });
  return { group, similarity };
}

function finish(d: Draft, z: (a: PhotoSignals, b: PhotoSignals) => number, opts: GroupingOptions): PhotoGroup {
  const all = [...d.members, ...d.closeUps];
  const ordered = captureOrder(all);
  const pairs = pairProbabilities(d.members, z);
  const fewPhotos = all.length < opts.minPhotos;
  const reasons = [...d.reasons];
  if (fewPhotos) {
    reasons.push({ rule: 'few_photos', photos: ordered.map((p) => p.id), message: `Only ${all.length} photo(s): kept as an article, flagged so the seller checks it (Vinted buyers expect 3 or more).`, evidence: { photos: all.length, min_photos: opts.minPhotos } });
  }
  return {
    photoIds: ordered.map((p) => p.id),
    closeUpIds: d.closeUps.map((p) => p.id),
    fewPhotos,
    cohesion: pairs.length ? round(mean(pairs.map((p) => p.p))) : null,
    reasons,
  };
}

function pairProbabilities(ms: PhotoSignals[], z: (a: PhotoSignals, b: PhotoSignals) => number) {
  const out: { a: string; b: string; p: number }[] = [];
  for (let i = 0; i < ms.length; i++) for (let j = i + 1; j < ms.length; j++) out.push({ a: ms[i].filename, b: ms[j].filename, p: sigmoid(z(ms[i], ms[j])) });
  return out;
}

/** Does the order carry the garments? Consecutive shots of a camera roll look alike far more often than any two photos do. */
export function orderInformation(full: PhotoSignals[], alike: (a: PhotoSignals, b: PhotoSignals) => boolean) {
  if (full.length < 4) return { consecutive_alike: 1, any_alike: 0, informative: true };
  let cons = 0;
  for (let k = 0; k + 1 < full.length; k++) if (alike(full[k], full[k + 1])) cons++;
  // All pairs up to a bound, then a fixed stride: deterministic and cheap at 500 photos.
  let any = 0, total = 0;
  const stride = Math.max(1, Math.floor((full.length * full.length) / 40_000));
  for (let i = 0; i < full.length; i++) {
    for (let j = i + 2; j < full.length; j += stride) { total++; if (alike(full[i], full[j])) any++; }
  }
  const consecutive_alike = cons / (full.length - 1);
  const any_alike = total ? any / total : 0;
  // A camera roll of dev sessions has 41–54 % of consecutive shots alike; 30 random names reached 21 % by chance
  // (bench/bulk-quality.ts prints both), hence 0.3.
  // Capture times on most photos make the order the capture order, whatever the pixels say: the time gaps decide.
  const timed = full.filter((p) => p.takenAt !== null).length >= full.length / 2;
  return { consecutive_alike: round(consecutive_alike), any_alike: round(any_alike), informative: timed || (consecutive_alike >= 0.3 && consecutive_alike >= 3 * any_alike) };
}

/**
 * Embeddings minus the batch's mean, renormalised. Raw backbone features of any two clothes photos share a large
 * common part (cloth, floor, lighting) that makes every cosine high; removing what the whole batch shares leaves
 * what tells this garment from the others. Unsupervised: it needs no training data, only the batch itself.
 */
export function centreEmbeddings(photos: readonly PhotoSignals[]): PhotoSignals[] {
  const withEmb = photos.filter((p) => p.embedding);
  if (withEmb.length < 8) return [...photos];
  const dim = withEmb[0].embedding!.length;
  const mean = new Float64Array(dim);
  for (const p of withEmb) for (let k = 0; k < dim; k++) mean[k] += p.embedding![k] / withEmb.length;
  return photos.map((p) => {
    if (!p.embedding) return p;
    const v = new Float32Array(dim);
    let n = 0;
    for (let k = 0; k < dim; k++) { v[k] = p.embedding[k] - mean[k]; n += v[k] * v[k]; }
    n = Math.sqrt(n) || 1;
    for (let k = 0; k < dim; k++) v[k] /= n;
    return { ...p, embedding: v };
  });
}

const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : 0);
const round = (x: number) => Math.round(x * 1000) / 1000;
const fmt = (p: number) => p.toFixed(2);
