// The clothing-train set the look-alike benches work on (bench/duplicates-lookalike-calibrate.ts sets the threshold on
// it, bench/duplicates-lookalike-projection.ts fits the first stage's projection on it): each original as the intake
// stores it (whole photo and centre window, lookalike-match.ts) and two copies of it (cropped 4–10 % per side,
// re-framed, lighter or darker, turned 2–6°, re-encoded smaller; two kinds per photo, in turn), by their vectors.
// CALIBRATE_CACHE=<file.json> keeps the embeddings between runs (computing ~3 700 takes minutes).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { decodeOnce } from '../server/src/modules/photos/decode-once.ts';
import { dominantColours } from '../server/src/modules/photos/index.ts';
import { embedGarment } from '../server/src/modules/analysis/index.ts';
import { readLabels } from '../server/src/modules/analysis/vision/eval/dataset.ts';
import { encodeVector, type LookalikeVector, toLookalikeVector } from '../server/src/modules/duplicates/lookalike-vector.ts';
import { centreWindow } from '../server/src/modules/duplicates/lookalike-match.ts';
import { CALIBRATION_VARIANTS, makeVariant, rng } from '../server/test/helpers/photo-variants.ts';
import { datasetsDir } from '../server/test/helpers/test-photos.ts';

export const TRAIN = path.join(datasetsDir(), 'clothing-train');

/** A training original: its two stored vectors (whole `v`, centre window `c`) and its copies' whole-photo vectors. */
export interface TrainPhoto { file: string; cls: string; colour: string; sender: string; v: string; c: string; copies: { kind: string; v: string }[] }

/** What the intake does: the decode-once pass, then the analyser's embeddings of that decode (whole, centre window). */
async function photoVectors(file: string): Promise<{ v: LookalikeVector; c: LookalikeVector; colour: string }> {
  const d = await decodeOnce(file, 'jpeg', { index: 0 }, { maxPixels: 100e6 });
  return { v: toLookalikeVector(await embedGarment(d.decoded)), c: toLookalikeVector(await embedGarment(centreWindow(d.decoded))), colour: dominantColours(d.decoded).primary };
}

async function embedSet(): Promise<TrainPhoto[]> {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'vintedbot-lookalike-'));
  try {
    const kinds = Object.keys(CALIBRATION_VARIANTS);
    const out: TrainPhoto[] = [];
    const rows = readLabels(TRAIN);
    for (const [i, r] of rows.entries()) {
      const file = path.join(TRAIN, r.file);
      const orig = await photoVectors(file);
      const copies: TrainPhoto['copies'] = [];
      for (const kind of [kinds[i % kinds.length], kinds[(i + 2) % kinds.length]]) {
        const copy = path.join(tmp, 'copy.jpg');
        fs.writeFileSync(copy, await makeVariant(file, CALIBRATION_VARIANTS[kind], rng(1000 * i + kind.length)));
        copies.push({ kind, v: encodeVector((await photoVectors(copy)).v) });
      }
      out.push({ file: r.file, cls: r.label, colour: orig.colour, sender: r.sender, v: encodeVector(orig.v), c: encodeVector(orig.c), copies });
      if (i % 100 === 99) console.log(`  ${i + 1} / ${rows.length} photos embedded`);
    }
    return out;
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

/** The set, from CALIBRATE_CACHE when it is there (written there the first time). */
export async function trainSet(): Promise<TrainPhoto[]> {
  const cache = process.env.CALIBRATE_CACHE;
  if (cache && fs.existsSync(cache)) return JSON.parse(fs.readFileSync(cache, 'utf8'));
  const photos = await embedSet();
  if (cache) fs.writeFileSync(cache, JSON.stringify(photos));
  return photos;
}
