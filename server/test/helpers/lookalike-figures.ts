import { embedGarment } from '../../src/modules/analysis/index.ts';
import { colourDistance, colourSignature, dominantColours, hammingDistance, phash } from '../../src/modules/photos/index.ts';
import { decodeOnce } from '../../src/modules/photos/decode-once.ts';
import { IMAGE_MATCH_MAX_HASH, imagesMatch } from '../../src/modules/duplicates/image-match.ts';
import { type LookalikeVector, lookalikeSimilarity, toLookalikeVector } from '../../src/modules/duplicates/lookalike-vector.ts';
import { centreWindow, LOOKALIKE_CANDIDATES, LOOKALIKE_MIN_SIMILARITY, LOOKALIKE_SKETCH_FLOOR } from '../../src/modules/duplicates/lookalike-match.ts';
import { lookalikeProjection, sketch } from '../../src/modules/duplicates/lookalike-projection.ts';
import { firstStage, secondStage, type SketchRows } from '../../src/modules/duplicates/lookalike-search.ts';

// What the duplicate check knows of a photo file, computed as the intake computes it (the decode-once pass, its hash
// and colour layout, the analyser's garment embedding of that decode), and the check's two stages applied to a
// small stock in memory: the eval and the bench score the very rules the service runs, without a database.

/** `v`: the whole photo's vector (what a new photo is compared by); `c`: its centre window's (stock photos only). */
export interface PhotoFigures { phash: string; colourSig: string; v: LookalikeVector; c: LookalikeVector | null; colour: string }

/** A photo's figures; `stored` adds the centre-window vector, as the intake stores it for a photo in stock. */
export async function photoFigures(file: string, stored = false): Promise<PhotoFigures> {
  const d = await decodeOnce(file, 'jpeg', { index: 0 }, { maxPixels: 100e6 });
  return {
    phash: phash(d.decoded), colourSig: colourSignature(d.decoded), v: toLookalikeVector(await embedGarment(d.decoded)),
    c: stored ? toLookalikeVector(await embedGarment(centreWindow(d.decoded))) : null, colour: dominantColours(d.decoded).primary,
  };
}

/** What the service scores: the new photo's whole vector against both of a stored photo's, the better counts. */
export const similarity = (q: PhotoFigures, s: PhotoFigures) => Math.max(lookalikeSimilarity(q.v, s.v), s.c ? lookalikeSimilarity(q.v, s.c) : 0);

/** The stock's sketches as the service's first stage reads them (whole and centre view of each photo, in order). */
export function sketchRows(stock: PhotoFigures[]): { rows: SketchRows; photoOf: number[] } {
  const p = lookalikeProjection();
  const views = stock.flatMap((s, j) => [s.v, ...(s.c ? [s.c] : [])].map((v) => ({ j, k: sketch(p, v) })).filter((x) => x.k !== null));
  const rows: SketchRows = { rank: p.rank, n: views.length, data: new Int8Array(views.length * p.rank), scales: new Float32Array(views.length) };
  views.forEach((x, i) => { rows.data.set(x.k!.q, i * p.rank); rows.scales[i] = x.k!.scale; });
  return { rows, photoOf: views.map((x) => x.j) };
}

/**
 * The stock photos the check flags for `q`, and which stage found them: the hash first, the look-alike when it found
 * none, either by a full scan of the full vectors or, with `sketches` (sketchRows of the same stock), as the service
 * runs it: the first stage's candidates, then the exact cosine for those only.
 */
export function flagged(q: PhotoFigures, stock: PhotoFigures[], sketches?: ReturnType<typeof sketchRows>, minSimilarity = LOOKALIKE_MIN_SIMILARITY): { check: 'hash' | 'lookalike' | null; hits: number[] } {
  const byHash = stock.flatMap((s, j) => {
    const h = hammingDistance(q.phash, s.phash);
    return h <= IMAGE_MATCH_MAX_HASH && imagesMatch(h, colourDistance(q.colourSig, s.colourSig)) ? [j] : [];
  });
  if (byHash.length) return { check: 'hash', hits: byHash };
  let byLook: number[];
  if (sketches) {
    const qs = sketch(lookalikeProjection(), q.v);
    const cand = qs ? [...new Set(firstStage(sketches.rows, qs, LOOKALIKE_CANDIDATES, LOOKALIKE_SKETCH_FLOOR).map((i) => sketches.photoOf[i]))] : [];
    byLook = secondStage(q.v, cand.map((j) => ({ photo_id: String(j), views: [stock[j].v, ...(stock[j].c ? [stock[j].c!] : [])] })), minSimilarity).map((h) => Number(h.photo_id)).sort((a, b) => a - b);
  } else byLook = stock.flatMap((s, j) => (similarity(q, s) >= minSimilarity ? [j] : []));
  return { check: byLook.length ? 'lookalike' : null, hits: byLook };
}
