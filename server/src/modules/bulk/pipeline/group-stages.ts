// Stages "grouped" (photos → article groups with their reasons, written in one transaction) and "categorised"
// (per group: category, colour, brand and size from a label, cover photo; one group at a time, resumable).
import fs from 'node:fs/promises';
import sharp, { type Sharp } from 'sharp';
import { decodeHeic, dominantColours, jpegShrinkFactor } from '../../photos/index.ts';
import { describeVote, type PhotoClassScores, voteCategory } from '../../analysis/index.ts';
import { holdLabelReader, ocrLanes, readLabel } from '../analysis/vision-adapter.ts';
import { mapBounded } from '../../../platform/concurrency.ts';
import type { BulkClustersTable, BulkPhotosTable } from '../bulk.tables.ts';
import { DEFAULT_GROUPING, groupPhotos, type GroupingMode } from '../grouping/group-photos.ts';
import type { PhotoSignals } from '../grouping/photo-signals.ts';
import { nowIso } from '../../../platform/time.ts';
import { readSignals, type StageContext, vector } from './pipeline-context.ts';


export function toSignals(p: BulkPhotosTable): PhotoSignals {
  const sig = readSignals(p);
  return {
    id: p.id, filename: p.filename, takenAt: p.taken_at ? Date.parse(p.taken_at) : null,
    colour: vector(sig.colour), colourBalanced: vector(sig.colourBalanced), surround: vector(sig.surround),
    embedding: p.embedding ? vector(p.embedding) : null, phash: p.phash!, phashMirror: p.phash_mirror!,
    closeUp: p.close_up === 1, sharpness: sig.sharpness, regions: sig.regions ? sig.regions.map(vector) : null,
  };
}

export async function groupStage(s: StageContext, mode: GroupingMode): Promise<void> {
  s.progress.set({ stage: 'grouped' });
  await s.progress.report(0, 1, true);
  const cfg = s.config;
  const photos = await s.repo.photos(s.jobId, ['analysed']);
  const result = groupPhotos(photos.map(toSignals), { ...DEFAULT_GROUPING, eps: cfg.BULK_CLUSTER_EPS, minSamples: cfg.BULK_MIN_SAMPLES, mode });
  const at = nowIso();
  await s.repo.transaction(async (t) => {
    await s.repo.deleteClusters(s.jobId, 'all', t);
    await s.repo.clearMembership(s.jobId, t);
    await s.repo.clearLog(s.jobId, ['grouped'], t);
    const rows: BulkClustersTable[] = result.groups.map((g, i) => ({
      job_id: s.jobId, id: `c${i + 1}`, position: i, cover_photo_id: null, category: null, category_score: null, color: null, color_secondary: null,
      brand: null, size: null, cohesion: g.cohesion, few_photos: g.fewPhotos ? 1 : 0, categorised: 0, edited: 0,
      details: JSON.stringify({ close_ups: g.closeUpIds }), item_id: null, created_at: at, updated_at: at,
    }));
    await s.repo.insertClusters(rows, t);
    for (let i = 0; i < result.groups.length; i++) {
      const g = result.groups[i];
      for (let k = 0; k < g.photoIds.length; k++) await s.repo.setMembership(s.jobId, g.photoIds[k], `c${i + 1}`, k, t);
      await s.repo.log(s.jobId, g.reasons.map((r) => ({ stage: 'grouped', rule: r.rule, cluster_id: `c${i + 1}`, photo_ids: r.photos, message: r.message, evidence: r.evidence })), t);
    }
    await s.repo.updateJob(s.jobId, { stage: 'grouped', grouping: JSON.stringify({ mode: result.mode, order: result.order, eps: cfg.BULK_CLUSTER_EPS, min_samples: cfg.BULK_MIN_SAMPLES }) }, t);
  });
  s.progress.set({ clusters: result.groups.length });
  await s.progress.report(1, 1, true);
}

export async function categoriseStage(s: StageContext): Promise<void> {
  const clusters = await s.repo.clusters(s.jobId);
  let done = clusters.filter((c) => c.categorised).length;
  s.progress.set({ stage: 'categorised', clusters: clusters.length, categorised: done });
  await s.progress.report(done, clusters.length, true);
  const members = groupBy(await s.repo.clusteredPhotos(s.jobId), (p) => p.cluster_id!);
  // Groups are measured as many at a time as there are OCR workers: OCR is most of this stage, and tesseract reads
  // one label per worker on one core, so one group at a time left the second core idle.
  const lanes = s.config.BULK_LABEL_OCR ? ocrLanes(s.config) : 1;
  const releaseOcr = holdLabelReader(lanes);
  let stopped = false;
  try {
    await mapBounded(clusters.filter((c) => !c.categorised), lanes, async (c) => {
      if (stopped || (stopped = await s.stop())) return;
      await categoriseCluster(s, c, members.get(c.id) ?? []);
      done++;
      s.progress.set({ categorised: done });
      await s.progress.report(done, clusters.length);
    });
  } finally {
    await releaseOcr();
  }
  if (stopped) return;
  await s.progress.report(done, clusters.length, true);
}

/** What one group is: category (classifier, averaged over its full shots), colour and cover, brand and size. */
export async function categoriseCluster(s: StageContext, c: BulkClustersTable, photos: BulkPhotosTable[]): Promise<void> {
  // What the seller set by hand (PATCH /bulk/clusters) is kept when the group is measured again.
  const manual = ((JSON.parse(c.details) as { manual?: Record<string, boolean> }).manual ?? {});
  const full = photos.filter((p) => p.close_up !== 1);
  const shots = full.length ? full : photos;
  // The sharpest full-garment shot, the earliest on a tie: the front is usually shot first.
  const sharpest = shots.reduce<BulkPhotosTable | null>((best, p) => (!best || readSignals(p).sharpness > readSignals(best).sharpness * 1.05 ? p : best), null);
  const cover = manual.cover && c.cover_photo_id ? (photos.find((p) => p.id === c.cover_photo_id) ?? sharpest) : sharpest;
  // The single ingest's vote: a category word in a file or folder name wins, else the classifier's mean over the full
  // shots, kept only when sure enough (the plan then warns no_category and details.top3 lists the candidates).
  const classes = shots.flatMap((p) => (p.classes ? [JSON.parse(p.classes) as PhotoClassScores] : []));
  const vote = voteCategory(classes, { fileNames: photos.map((p) => p.filename) });
  const { category, score: categoryScore } = vote;

  let colours: ReturnType<typeof dominantColours> | null = null;
  if (cover) {
    const sig = readSignals(cover);
    const rgb = await fs.readFile(s.folders.analysis(s.jobId, cover.id)).catch(() => null);
    if (rgb) colours = dominantColours({ rgb, width: sig.decoded.width, height: sig.decoded.height });
  }

  let brand: string | null = null, size: string | null = null;
  const labels: { photo: string; text: string; confidence: number }[] = [];
  // BULK_LABEL_OCR=false spares small machines the OCR engine (about 200 MB and a second or more per label).
  const ocr = s.config.BULK_LABEL_OCR && !(manual.brand && manual.size);
  for (const p of ocr ? labelCandidates(photos) : []) {
    if (brand && size) break; // OCR is the slow part of the job: no more labels once both are known
    const image = await labelImage(s.folders.resolve(s.jobId, p.file), p.format).catch(() => null);
    if (!image) continue;
    const read = await readLabel(image, (m) => s.warn(m));
    if (!read) continue;
    labels.push({ photo: p.id, text: read.text, confidence: read.confidence });
    brand ??= read.brand;
    size ??= read.size;
  }
  const details = { ...JSON.parse(c.details), top3: vote.candidates, palette: colours?.palette ?? [], labels };
  await s.repo.updateCluster(s.jobId, c.id, {
    cover_photo_id: cover?.id ?? null,
    ...(manual.category ? {} : { category, category_score: categoryScore }),
    ...(manual.color ? {} : { color: colours?.primary ?? null, color_secondary: colours?.secondary ?? null }),
    ...(manual.brand ? {} : { brand }),
    ...(manual.size ? {} : { size }),
    few_photos: photos.length < 3 ? 1 : 0, categorised: 1, details: JSON.stringify(details),
  });
  const parts = [describeVote(vote), colours ? `colour ${colours.primary}` : null, brand ? `brand ${brand}` : null, size ? `size ${size}` : null, cover ? `cover ${cover.filename} (sharpest full shot)` : null].filter(Boolean);
  await s.repo.log(s.jobId, [{ stage: 'categorised', rule: 'categorised', cluster_id: c.id, photo_ids: cover ? [cover.id] : [], message: `${c.id}: ${parts.join(', ')}.`, evidence: {
    votes: Object.fromEntries(vote.candidates.map((x) => [x.category, x.score])), labels: labels.map((l) => ({ photo: l.photo, confidence: l.confidence })),
    // Parameters for the seller's sentence (catalogue keys, never words): the colours seen on the cover, the label's brand and size.
    colours: colours ? [colours.primary, colours.secondary].filter((x): x is string => !!x) : [], brand, size,
  } }]);
}

// The detector misses labels on busy fabric; below its threshold, the group's most label-like photo is still read
// when it scores at least this (one OCR per group at most), since a brand and a size are worth a second of OCR.
const LABEL_FALLBACK_SCORE = 0.15;

function labelCandidates(photos: BulkPhotosTable[]): BulkPhotosTable[] {
  const detected = photos.filter((x) => x.close_up === 1);
  if (detected.length) return detected;
  const best = photos.reduce<{ p: BulkPhotosTable | null; score: number }>((b, p) => {
    const score = readSignals(p).label_score ?? 0;
    return score > b.score ? { p, score } : b;
  }, { p: null, score: LABEL_FALLBACK_SCORE - 1e-9 });
  return best.p ? [best.p] : [];
}

/**
 * A label close-up fills the frame: 1200 px is plenty for its text, and OCR time grows with pixels. The OCR's own
 * preparation enlarges anything below 1200 px to 1600, so 1200 is also the cheapest size it reads as sent (a fifth
 * less OCR time than 1400 px, with the same brands and sizes read on the bench's label photos).
 */
const OCR_LONG_SIDE = 1200;

/** The label photo as a JPEG for OCR (HEIC through the same decoder as intake, JPEG decoded at a reduced scale). */
async function labelImage(file: string, format: string | null): Promise<Buffer> {
  let base: Sharp;
  if (format === 'heif') {
    const h = await decodeHeic(file, { index: 0, filename: null });
    base = sharp(h.data, { raw: { width: h.width, height: h.height, channels: 4 } }).removeAlpha();
  } else {
    const meta = await sharp(file).metadata();
    const shrink = format === 'jpeg' ? jpegShrinkFactor(Math.max(meta.width ?? 0, meta.height ?? 0), OCR_LONG_SIDE, Math.min(meta.width ?? 0, meta.height ?? 0)) : 1;
    base = sharp(shrink > 1 ? `${file}[shrink=${shrink}]` : file).rotate();
  }
  return base.resize(OCR_LONG_SIDE, OCR_LONG_SIDE, { fit: 'inside', withoutEnlargement: true }).jpeg({ quality: 90 }).toBuffer();
}

function groupBy<T>(xs: T[], key: (x: T) => string): Map<string, T[]> {
  const m = new Map<string, T[]>();
  for (const x of xs) m.set(key(x), [...(m.get(key(x)) ?? []), x]);
  return m;
}
