// Stage "deduplicated": identical files and near-identical shots anywhere in the batch collapsed onto the sharper
// twin, then photos the stock already shows (an active item's same or near-identical photo) set aside, each with its
// reason; the seller can bring any of them back (POST /bulk/jobs/{id}/duplicates/{photo_id}/keep). The "analysed" stage finishes what the
// scan pass left (photos scanned by an earlier version of the job, after a resume): embedding, garment class and
// label close-up from the 256 px decode the scan kept, never a second decode. A photo whose pixels fail that pass is
// failed on its own (analysis_failed), as in the scan.
import fs from 'node:fs/promises';
import { mapBounded } from '../../../platform/concurrency.ts';
import { AppError } from '../../../platform/errors.ts';
import { analysePixels, type PixelAnalysis } from '../analysis/vision-adapter.ts';
import { captureOrder } from '../grouping/capture-order.ts';
import { findDuplicates } from '../grouping/duplicates.ts';
import { vectorToBase64 } from '../grouping/photo-signals.ts';
import { photoStep } from './photo-failure.ts';
import { readSignals, type StageContext } from './pipeline-context.ts';

export async function dedupStage(s: StageContext): Promise<void> {
  s.progress.set({ stage: 'deduplicated' });
  const scanned = await s.repo.photos(s.jobId, ['scanned', 'analysed']);
  await s.progress.report(0, 1, true);
  const ordered = captureOrder(scanned.map((p) => ({ ...p, takenAt: p.taken_at ? Date.parse(p.taken_at) : null })));
  const dups = findDuplicates(ordered.map((p) => ({
    id: p.id, filename: p.filename, sha256: p.sha256, phash: p.phash!, colourLayout: p.colour_layout!, sharpness: readSignals(p).sharpness,
  })));
  for (const [id, d] of dups) {
    const from = scanned.find((p) => p.id === id)!.state as 'scanned' | 'analysed';
    const moved = await s.repo.advancePhoto(id, from, 'duplicate', { duplicate_of: d.keptId, duplicate_kind: d.kind, duplicate_message: d.message });
    if (!moved) continue;
    await s.repo.log(s.jobId, [{ stage: 'deduplicated', rule: `${d.kind}_duplicate`, cluster_id: null, photo_ids: [id, d.keptId], message: d.message, evidence: { kept: d.keptId, hash_distance: d.distance } }]);
    s.progress.set({ duplicates: s.progress.state.duplicates + 1 });
  }
  if (s.inStock) {
    const left = ordered.filter((p) => !dups.has(p.id));
    const inStock = await s.inStock(left.map((p) => ({ id: p.id, sha256: p.sha256, phash: p.phash, colourLayout: p.colour_layout })));
    for (const p of left) {
      const m = inStock.get(p.id);
      if (!m) continue;
      const message = m.hash_distance === 0
        ? `${p.filename} is already in the stock: "${m.title}" shows the same photo.`
        : `${p.filename} is already in the stock: "${m.title}" shows a near-identical photo (perceptual hashes ${m.hash_distance} bits apart).`;
      const moved = await s.repo.advancePhoto(p.id, p.state as 'scanned' | 'analysed', 'duplicate', { duplicate_of: m.item_id, duplicate_kind: 'in_stock', duplicate_message: message });
      if (!moved) continue;
      await s.repo.log(s.jobId, [{ stage: 'deduplicated', rule: 'in_stock_duplicate', cluster_id: null, photo_ids: [p.id], message, evidence: { item_id: m.item_id, hash_distance: m.hash_distance } }]);
      s.progress.set({ duplicates: s.progress.state.duplicates + 1 });
    }
  }
  await s.progress.report(1, 1, true);
}

export async function analyseStage(s: StageContext): Promise<void> {
  const all = await s.repo.photos(s.jobId, ['scanned', 'analysed']);
  const pending = all.filter((p) => p.state === 'scanned');
  let done = all.length - pending.length, analysed = done;
  s.progress.set({ stage: 'analysed', analysed });
  await s.progress.report(done, all.length, true);
  const warn = (m: string) => s.warn(m);
  let stopped = false;
  await mapBounded(pending, s.config.BULK_CONCURRENCY, async (p) => {
    if (stopped || (stopped = await s.stop())) return;
    const sig = readSignals(p);
    const rgb = await fs.readFile(s.folders.analysis(s.jobId, p.id));
    const decoded = { rgb, width: sig.decoded.width, height: sig.decoded.height };
    let analysis: PixelAnalysis;
    try {
      // As the scan does: region embeddings for the photos the camera roll cannot place (no capture time).
      analysis = await photoStep({ index: p.seq, filename: p.filename }, () => analysePixels(decoded, { regions: !p.taken_at }, warn));
    } catch (e) {
      if (!(e instanceof AppError) || e.status >= 500) throw e;
      s.warn(e.message, { photo_id: p.id });
      if (await s.repo.advancePhoto(p.id, 'scanned', 'failed', { error_code: String(e.code), error_message: e.message })) {
        s.progress.set({ errors: s.progress.state.errors + 1 });
      }
      done++;
      await s.progress.report(done, all.length);
      return;
    }
    const { embedding, classes, label, regions, centre } = analysis;
    await s.repo.advancePhoto(p.id, 'scanned', 'analysed', {
      ...(regions || centre ? { signals: JSON.stringify({ ...sig, ...(regions ? { regions: regions.map(vectorToBase64) } : {}), ...(centre ? { centre: vectorToBase64(centre) } : {}) }) } : {}),
      embedding: embedding ? vectorToBase64(embedding) : null,
      classes: classes ? JSON.stringify(classes) : null,
      close_up: label.is_label ? 1 : 0,
    });
    done++;
    s.progress.set({ analysed: ++analysed });
    await s.progress.report(done, all.length);
  });
  await s.progress.report(done, all.length, true);
}
