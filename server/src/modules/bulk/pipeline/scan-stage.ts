// Stages "scanned" and "analysed", in one pass per photo: sniffed, decoded once (bulk-decode), measured, then
// embedded, classified and checked for a label close-up from that same decode, while the next photo decodes (sharp
// and the network work on different cores). The thumbnail and the 256 px decode go to the job's folder.
// Byte-identical copies are not decoded at all: they point at the first copy. A photo moves received → analysed
// (or failed: refused, unreadable, or its pixels failed the analysis) in one conditional update, so a resumed job
// skips it. Those updates are written a batch at a time (PhotoWrites): SQLite syncs the disk at every commit, and
// one commit per photo kept the event loop waiting.
import { AppError } from '../../../platform/errors.ts';
import { writeFileAtomic } from '../../../platform/storage/atomic-file.ts';
import { mapBounded } from '../../../platform/concurrency.ts';
import { photoErrors, sniffFile } from '../../photos/index.ts';
import { scanPhotoFile } from '../analysis/photo-signals-from-file.ts';
import { analysePixels } from '../analysis/vision-adapter.ts';
import type { BulkPhotosTable } from '../bulk.tables.ts';
import { vectorToBase64 } from '../grouping/photo-signals.ts';
import type { StageContext, StoredSignals } from './pipeline-context.ts';
import { PhotoWrites } from './photo-writes.ts';
import { ANALYSIS_FAILED, photoStep } from './photo-failure.ts';

export async function scanStage(s: StageContext): Promise<void> {
  const all = await s.repo.photos(s.jobId);
  const primaryBySha = new Map<string, BulkPhotosTable>();
  for (const p of all) if (p.sha256 && !primaryBySha.has(p.sha256)) primaryBySha.set(p.sha256, p);
  const primaries = all.filter((p) => p.state === 'received' && primaryBySha.get(p.sha256) === p);
  const copies = all.filter((p) => p.state === 'received' && p.sha256 && primaryBySha.get(p.sha256) !== p);
  let done = all.filter((p) => p.state !== 'received').length;
  const failed = all.filter((p) => p.state === 'failed').length;
  s.progress.set({ stage: 'scanned', total: all.length, scanned: done - failed, analysed: all.filter((p) => p.state === 'analysed').length, errors: failed });
  await s.progress.report(done, all.length, true);

  let stopped = false;
  const writes = new PhotoWrites(s.repo);
  try {
    await mapBounded(primaries, s.config.BULK_CONCURRENCY, async (p) => {
      if (stopped || (stopped = await s.stop())) return;
      const ok = await scanOne(s, p, writes);
      done++;
      s.progress.set(ok ? { scanned: s.progress.state.scanned + 1, analysed: s.progress.state.analysed + 1 } : { errors: s.progress.state.errors + 1 });
      await s.progress.report(done, all.length);
    });
  } finally {
    // What was measured is kept even when the pass stops on an unexpected error or a cancel.
    await writes.flush();
  }
  if (stopped) return;

  // Copies follow their first copy: the same bytes decode (or fail) the same way.
  for (const c of copies) {
    const primary = (await s.repo.photo(s.jobId, primaryBySha.get(c.sha256)!.id))!;
    if (primary.state === 'failed') {
      await s.repo.advancePhoto(c.id, 'received', 'failed', { error_code: primary.error_code, error_message: primary.error_message?.replace(primary.filename, c.filename) ?? null });
      s.progress.set({ errors: s.progress.state.errors + 1 });
    } else {
      const message = `${c.filename} is the same file as ${primary.filename} (identical bytes); ${primary.filename} is kept.`;
      const moved = await s.repo.advancePhoto(c.id, 'received', 'duplicate', {
        duplicate_of: primary.id, duplicate_kind: 'exact', duplicate_message: message,
        mime: primary.mime, format: primary.format, width: primary.width, height: primary.height, taken_at: primary.taken_at,
      });
      if (moved) await s.repo.log(s.jobId, [{ stage: 'deduplicated', rule: 'exact_duplicate', cluster_id: null, photo_ids: [c.id, primary.id], message, evidence: { kept: primary.id, sha256: c.sha256 } }]);
      s.progress.set({ duplicates: s.progress.state.duplicates + 1 });
    }
    done++;
    await s.progress.report(done, all.length);
  }
  await s.progress.report(done, all.length, true);
}

/** Scans one photo; false when the file is refused (its reason stored), true when measured. */
async function scanOne(s: StageContext, p: BulkPhotosTable, writes: PhotoWrites): Promise<boolean> {
  const ref = { index: p.seq, filename: p.filename };
  try {
    const file = s.folders.resolve(s.jobId, p.file);
    const sniffed = await sniffFile(file);
    const format = sniffed.format;
    if (!format) throw photoErrors.unsupported(ref, sniffed.mime);
    // The measurements and the vision pass run on this photo's pixels alone: what fails in them fails the photo
    // (analysis_failed, photo-failure.ts), never the batch.
    const sc = await photoStep(ref, () => scanPhotoFile(file, format, ref, s.limits.maxPixels));
    await writeFileAtomic(s.folders.thumb(s.jobId, p.id), sc.thumb);
    await writeFileAtomic(s.folders.analysis(s.jobId, p.id), sc.decoded.rgb);
    // Without a capture time the camera roll cannot place a detail shot: the region embeddings will. The centre
    // embedding is computed here, in the background job, so that drafting the group later runs no network for it.
    const { embedding, classes, label, regions, centre } = await photoStep(ref, () => analysePixels(sc.decoded, { regions: !sc.takenAt }, (m) => s.warn(m)));
    const signals: StoredSignals = {
      decoded: { width: sc.decoded.width, height: sc.decoded.height },
      colour: vectorToBase64(sc.colour), colourBalanced: vectorToBase64(sc.colourBalanced), surround: vectorToBase64(sc.surround),
      sharpness: sc.quality.sharpness, quality: { score: sc.quality.score, issues: sc.quality.issues }, label_score: label.score,
      ...(regions ? { regions: regions.map(vectorToBase64) } : {}),
      ...(centre ? { centre: vectorToBase64(centre) } : {}),
    };
    await writes.advance(p.id, 'received', 'analysed', {
      mime: sniffed.mime, format, width: sc.width, height: sc.height, taken_at: sc.takenAt,
      phash: sc.phash, phash_mirror: sc.phashMirror, colour_layout: sc.colourLayout, signals: JSON.stringify(signals),
      embedding: embedding ? vectorToBase64(embedding) : null, classes: classes ? JSON.stringify(classes) : null, close_up: label.is_label ? 1 : 0,
    });
    return true;
  } catch (e) {
    if (!(e instanceof AppError) || e.status >= 500) throw e;
    // One bad file never fails the batch: it is kept, failed, with the reason the seller can act on.
    if (e.code === ANALYSIS_FAILED) s.warn(e.message, { photo_id: p.id });
    await writes.advance(p.id, 'received', 'failed', { error_code: String(e.code), error_message: e.message });
    return false;
  }
}
