import { embedGarment } from '../../src/modules/analysis/index.ts';
import { colourDistance, colourSignature, dominantColours, hammingDistance, phash } from '../../src/modules/photos/index.ts';
import { decodeOnce } from '../../src/modules/photos/decode-once.ts';
import { IMAGE_MATCH_MAX_HASH, imagesMatch } from '../../src/modules/duplicates/image-match.ts';
import { type LookalikeVector, lookalikeSimilarity, toLookalikeVector } from '../../src/modules/duplicates/lookalike-vector.ts';
import { centreWindow, LOOKALIKE_MIN_SIMILARITY } from '../../src/modules/duplicates/lookalike-match.ts';

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

/** The stock photos the check flags for `q`, and which stage found them: the hash first, the look-alike when it found none. */
export function flagged(q: PhotoFigures, stock: PhotoFigures[], minSimilarity = LOOKALIKE_MIN_SIMILARITY): { check: 'hash' | 'lookalike' | null; hits: number[] } {
  const byHash = stock.flatMap((s, j) => {
    const h = hammingDistance(q.phash, s.phash);
    return h <= IMAGE_MATCH_MAX_HASH && imagesMatch(h, colourDistance(q.colourSig, s.colourSig)) ? [j] : [];
  });
  if (byHash.length) return { check: 'hash', hits: byHash };
  const byLook = stock.flatMap((s, j) => (similarity(q, s) >= minSimilarity ? [j] : []));
  return { check: byLook.length ? 'lookalike' : null, hits: byLook };
}
