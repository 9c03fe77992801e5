import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../../platform/random.ts';
import { type FullRow, LookalikeIndex, type SketchRow } from './lookalike-index.ts';
import { decodeProjection, encodeProjection, encodeSketch, sketch } from './lookalike-projection.ts';
import { firstStage, secondStage } from './lookalike-search.ts';
import { decodeVector, encodeVector, toLookalikeVector } from './lookalike-vector.ts';

// The two-stage search (sketches choose candidates, full vectors decide) against a full scan of the full vectors, on
// generated vectors shaped like the real ones: a few dominant directions (what the projection keeps) plus noise.
const DIMS = 96, RANK = 16, MIN = 0.937;

function setting(seed: number) {
  const r = mulberry32(seed);
  const gauss = () => Math.sqrt(-2 * Math.log(1 - r())) * Math.cos(2 * Math.PI * r());
  // Orthonormal directions (Gram–Schmidt), the projection's rows.
  const basis: Float32Array[] = [];
  while (basis.length < RANK) {
    const v = Float64Array.from({ length: DIMS }, gauss);
    for (const b of basis) {
      let d = 0;
      for (let j = 0; j < DIMS; j++) d += v[j] * b[j];
      for (let j = 0; j < DIMS; j++) v[j] -= d * b[j];
    }
    const n = Math.hypot(...v);
    basis.push(Float32Array.from(v, (x) => x / n));
  }
  const projection = decodeProjection(encodeProjection(basis));
  const garment = () => {
    const e = new Float32Array(DIMS);
    for (const b of basis) {
      const w = gauss();
      for (let j = 0; j < DIMS; j++) e[j] += w * b[j];
    }
    for (let j = 0; j < DIMS; j++) e[j] += 0.15 * gauss();
    return e;
  };
  const copyOf = (e: Float32Array, noise: number) => Float32Array.from(e, (x) => x + noise * gauss());
  return { projection, garment, copyOf, r };
}

/** An owner's stored rows as the repository answers them, and the index over them. */
function store(projection: ReturnType<typeof setting>['projection'], photos: { id: string; v: Float32Array; c?: Float32Array }[], params = { k: 4, floor: MIN - 0.1 }) {
  const rows: (SketchRow & FullRow)[] = photos.map((p, i) => {
    const v = toLookalikeVector(p.v), c = p.c ? toLookalikeVector(p.c) : null;
    return {
      photo_id: p.id, vector: encodeVector(v), centre_vector: c && encodeVector(c), created_at: `2026-01-01T00:00:${String(i % 60).padStart(2, '0')}.${String(i).padStart(3, '0')}Z`,
      sketch: encodeSketch(sketch(projection, v)!), centre_sketch: c && encodeSketch(sketch(projection, c)!), projection: projection.id,
    };
  }).sort((a, b) => a.created_at.localeCompare(b.created_at) || a.photo_id.localeCompare(b.photo_id));
  let reads = 0;
  const index = new LookalikeIndex({
    rowsAfter: async (after, limit) => rows.filter((r) => r.created_at > after.created_at || (r.created_at === after.created_at && r.photo_id > after.photo_id)).slice(0, limit),
    vectors: async (ids) => {
      reads += ids.length;
      return rows.filter((r) => ids.includes(r.photo_id));
    },
    saveSketches: async () => {},
  }, projection, params);
  /** What the full check flags: every other photo whose better view is at ≥ MIN of a query photo, with the best similarity. */
  const fullScan = (ids: string[]) => {
    const out = new Map<string, { photo_id: string; similarity: number }>();
    for (const id of ids) {
      const q = decodeVector(rows.find((r) => r.photo_id === id)!.vector);
      const others = rows.filter((r) => !ids.includes(r.photo_id)).map((r) => ({ photo_id: r.photo_id, views: [decodeVector(r.vector), ...(r.centre_vector ? [decodeVector(r.centre_vector)] : [])] }));
      for (const h of secondStage(q, others, MIN)) if (!out.has(h.photo_id) || out.get(h.photo_id)!.similarity < h.similarity) out.set(h.photo_id, { photo_id: id, similarity: h.similarity });
    }
    return out;
  };
  return { index, fullScan, reads: () => reads };
}

describe('two-stage look-alike search', () => {
  it('flags exactly what a full scan flags, reading the full vectors of a few candidates only', async () => {
    const { projection, garment, copyOf } = setting(7);
    const photos: { id: string; v: Float32Array; c?: Float32Array }[] = [];
    for (let i = 0; i < 300; i++) {
      const v = garment();
      photos.push({ id: `p${String(i).padStart(3, '0')}`, v, c: copyOf(v, 0.08) });
      // Every tenth garment photographed again (close copies) and once more further off (near misses).
      if (i % 10 === 0) photos.push({ id: `p${String(i).padStart(3, '0')}-copy`, v: copyOf(v, 0.04) }, { id: `p${String(i).padStart(3, '0')}-far`, v: copyOf(v, 0.3) });
    }
    const { index, fullScan, reads } = store(projection, photos);
    await index.catchUp('o');
    expect(index.size('o')).toBe(300 * 2 + 60);
    const queries = photos.filter((_, i) => i % 3 === 0).map((p) => [p.id]);
    const got = await index.search('o', queries, MIN);
    let flagged = 0;
    queries.forEach((q, i) => {
      const want = fullScan(q);
      flagged += want.size;
      expect([...got[i]].sort()).toEqual([...want].sort());
    });
    expect(flagged).toBeGreaterThan(10); // the copies are found, not only the empty answers agreed on
    expect(reads()).toBeLessThan(queries.length * 12); // not every photo's full vectors
  });

  it('keeps every row tied with the k-th candidate, whatever the rows\' order', async () => {
    const { projection, garment, copyOf } = setting(11);
    const v = garment();
    // Five photos with the very same vector as the query's garment, and k = 2: all five are flagged.
    const photos = [{ id: 'query', v: copyOf(v, 0.01) }, ...['t1', 't2', 't3', 't4', 't5'].map((id) => ({ id, v })), ...Array.from({ length: 40 }, (_, i) => ({ id: `o${i}`, v: garment() }))];
    const { index, fullScan } = store(projection, photos, { k: 2, floor: 2 }); // a floor out of reach: only the k best and their ties
    await index.catchUp('o');
    const [got] = await index.search('o', [['query']], MIN);
    expect([...got.keys()].sort()).toEqual(['t1', 't2', 't3', 't4', 't5']);
    expect([...got].sort()).toEqual([...fullScan(['query'])].sort());

    const s = sketch(projection, toLookalikeVector(v))!;
    const rows = { rank: RANK, n: 4, data: new Int8Array(4 * RANK), scales: Float32Array.of(s.scale, s.scale, s.scale, s.scale / 2) };
    for (let i = 0; i < 4; i++) rows.data.set(s.q, i * RANK);
    expect(firstStage(rows, s, 1, 2)).toEqual([0, 1, 2]); // three tied best, the fourth below
    expect(firstStage(rows, s, 1, 2, (i) => i === 1)).toEqual([0, 2]);
    expect(firstStage(rows, s, 10, 2)).toEqual([0, 1, 2, 3]); // fewer rows than k: all of them
  });

  it('answers nothing from an empty store, an unknown owner or a photo without vectors', async () => {
    const { projection, garment } = setting(3);
    const empty = store(projection, []);
    await empty.index.catchUp('o');
    expect(await empty.index.search('o', [['x']], MIN)).toEqual([new Map()]);
    expect(await empty.index.search('nobody', [['x'], []], MIN)).toEqual([new Map(), new Map()]);
    expect(firstStage({ rank: RANK, n: 0, data: new Int8Array(0), scales: new Float32Array(0) }, sketch(projection, toLookalikeVector(garment()))!, 4, 0)).toEqual([]);
    const one = store(projection, [{ id: 'a', v: garment() }]);
    await one.index.catchUp('o');
    expect(await one.index.search('o', [['a'], ['unknown']], MIN)).toEqual([new Map(), new Map()]);
    expect(one.reads()).toBe(0); // no candidate, no read
  });
});
