// Shared by the bulk benches (no figures of its own): a built session → the grouping's inputs, through the same
// decode, figures and dedup the bulk job uses. Close-ups come from the vision module's detector when it exists,
// else from the session's truth (flagged in the output so a figure never hides which one was used).
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { scanPhotoFile } from '../server/src/modules/bulk/analysis/photo-signals-from-file.ts';
import { garmentEmbedding, garmentRegionEmbeddings, isCloseUp } from '../server/src/modules/bulk/analysis/vision-adapter.ts';
import { captureOrder } from '../server/src/modules/bulk/grouping/capture-order.ts';
import { findDuplicates } from '../server/src/modules/bulk/grouping/duplicates.ts';
import { type PhotoSignals, vectorFromBase64, vectorToBase64 } from '../server/src/modules/bulk/grouping/photo-signals.ts';
import type { BuiltSession } from '../server/test/bulk/fixtures/session-builder.ts';

export interface SessionSignals {
  signals: PhotoSignals[];
  /** file name → garment */
  truth: Map<string, number>;
  /** duplicate id → kept twin id (ids are the file names) */
  duplicate: Map<string, string>;
  closeUpSource: 'detector' | 'truth';
  labelsDetected: { truePositive: number; falsePositive: number; missed: number };
}

export async function signalsOfSession(session: BuiltSession, tmp: string, opts: { embedding: boolean; closeUps?: 'detector' | 'truth'; regions?: boolean }): Promise<SessionSignals> {
  const signals: PhotoSignals[] = [];
  const truth = new Map<string, number>();
  const sha = new Map<string, string>();
  const layout = new Map<string, string>();
  let source: 'detector' | 'truth' = opts.closeUps ?? 'detector';
  const detected = { truePositive: 0, falsePositive: 0, missed: 0 };
  for (const p of session.photos) {
    const file = path.join(tmp, p.filename);
    fs.writeFileSync(file, p.bytes);
    const s = await scanPhotoFile(file, 'jpeg', { index: 0, filename: p.filename }, 100e6);
    const embedding = opts.embedding ? await garmentEmbedding(s.decoded) : null;
    let closeUp = p.kind === 'label';
    if (source === 'detector') {
      const d = isCloseUp(s.decoded).is_label;
      {
        closeUp = d;
        if (d && p.kind === 'label') detected.truePositive++;
        else if (d) detected.falsePositive++;
        else if (p.kind === 'label') detected.missed++;
      }
    }
    // The scan computes regions only for photos without a capture time; the benches strip times afterwards, so
    // they ask for them on every full view.
    const regions = opts.embedding && opts.regions && !closeUp ? await garmentRegionEmbeddings(s.decoded) : null;
    signals.push({ regions,
      id: p.filename, filename: p.filename, takenAt: s.takenAt ? Date.parse(s.takenAt) : null, colour: s.colour, colourBalanced: s.colourBalanced, surround: s.surround, embedding,
      phash: s.phash, phashMirror: s.phashMirror, closeUp, sharpness: s.quality.sharpness,
    });
    truth.set(p.filename, p.garment);
    layout.set(p.filename, s.colourLayout);
    sha.set(p.filename, createHash('sha256').update(p.bytes).digest('hex'));
    fs.rmSync(file);
  }
  const ordered = captureOrder(signals);
  const dups = findDuplicates(ordered.map((p) => ({ id: p.id, filename: p.filename, sha256: sha.get(p.id)!, phash: p.phash, colourLayout: layout.get(p.id)!, sharpness: p.sharpness })));
  const duplicate = new Map([...dups].map(([id, d]) => [id, d.keptId]));
  return { signals, truth, duplicate, closeUpSource: source, labelsDetected: detected };
}

/** Signals of a built session, cached on disk by its options (iterating on the grouping should not re-decode). */
export async function cachedSessionSignals(key: string, build: () => Promise<BuiltSession>, tmp: string, opts: { embedding: boolean; closeUps?: 'detector' | 'truth'; regions?: boolean }): Promise<SessionSignals> {
  const dir = path.join(os.tmpdir(), 'vintedbot-bulk-signals-cache');
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${key.replace(/[^a-z0-9_.-]/gi, '_')}.json`);
  if (fs.existsSync(file)) {
    const j = JSON.parse(fs.readFileSync(file, 'utf8'));
    return {
      ...j,
      signals: j.signals.map((p: Record<string, unknown>) => ({ ...p, colour: vectorFromBase64(p.colour as string), colourBalanced: vectorFromBase64(p.colourBalanced as string), surround: vectorFromBase64(p.surround as string), embedding: p.embedding ? vectorFromBase64(p.embedding as string) : null, regions: Array.isArray(p.regions) ? (p.regions as string[]).map(vectorFromBase64) : null })),
      truth: new Map(j.truth), duplicate: new Map(j.duplicate),
    };
  }
  const s = await signalsOfSession(await build(), tmp, opts);
  fs.writeFileSync(file, JSON.stringify({
    ...s,
    signals: s.signals.map((p) => ({ ...p, colour: vectorToBase64(p.colour), colourBalanced: vectorToBase64(p.colourBalanced), surround: vectorToBase64(p.surround), embedding: p.embedding ? vectorToBase64(p.embedding) : null, regions: p.regions ? p.regions.map(vectorToBase64) : null })),
    truth: [...s.truth], duplicate: [...s.duplicate],
  }));
  return s;
}
