import { describe, expect, it } from 'vitest';
import { LookalikeIndex } from './lookalike-index.ts';
import { centreWindow } from './lookalike-match.ts';
import { decodeProjection, encodeProjection, encodeSketch, sketch } from './lookalike-projection.ts';
import { decodeVector, encodeVector, lookalikeSimilarity, toLookalikeVector } from './lookalike-vector.ts';

const vec = (...xs: number[]) => toLookalikeVector(Float32Array.from(xs));

describe('look-alike vectors', () => {
  it('keep the cosine through quantisation and storage', () => {
    const a = Float32Array.from({ length: 64 }, (_, i) => Math.sqrt((i * 37) % 11));
    const b = Float32Array.from(a, (x, i) => x + ((i % 5) - 2) * 0.05);
    let dot = 0, na = 0, nb = 0;
    for (let i = 0; i < a.length; i++) { dot += a[i] * b[i]; na += a[i] * a[i]; nb += b[i] * b[i]; }
    const stored = decodeVector(encodeVector(toLookalikeVector(a)));
    expect(lookalikeSimilarity(stored, toLookalikeVector(b))).toBeCloseTo(dot / Math.sqrt(na * nb), 2);
    expect(lookalikeSimilarity(vec(1, 0), vec(1, 0, 0))).toBe(0); // another length: never compared
  });

  it('cuts the centre window out of the decoded pixels', () => {
    const rgb = Buffer.alloc(10 * 10 * 3);
    for (let i = 0; i < 100; i++) rgb[i * 3] = i;
    const w = centreWindow({ rgb, width: 10, height: 10 }, 0.6);
    expect([w.width, w.height]).toEqual([6, 6]);
    expect(w.rgb[0]).toBe(22); // row 2, column 2
    expect(w.rgb[(5 * 6 + 5) * 3]).toBe(77);
  });
});

describe('LookalikeIndex', () => {
  // Three features kept whole by the projection: the sketches are the vectors themselves.
  const projection = decodeProjection(encodeProjection([Float32Array.of(1, 0, 0), Float32Array.of(0, 1, 0), Float32Array.of(0, 0, 1)]));
  type Row = { photo_id: string; vector: string; centre_vector: string | null; sketch: string | null; centre_sketch: string | null; projection: string | null; created_at: string };
  const row = (photo_id: string, v: number[], c: number[] | null, created_at: string, sketched = true): Row => ({
    photo_id, vector: encodeVector(vec(...v)), centre_vector: c && encodeVector(vec(...c)), created_at,
    sketch: sketched ? encodeSketch(sketch(projection, vec(...v))!) : null, centre_sketch: sketched && c ? encodeSketch(sketch(projection, vec(...c))!) : null, projection: sketched ? projection.id : null,
  });

  it('keeps each owner apart, catches up rows written since, and makes the sketches a row lacks', async () => {
    const rows: Record<string, Row[]> = {
      a: [row('a1', [1, 0, 0], [0, 1, 0], '2026-01-01T00:00:00.000Z'), row('a0', [0.9, 0.1, 0], null, '2026-01-01T00:00:00.000Z', false)],
      b: [row('b1', [1, 0, 0], null, '2026-01-01T00:00:00.000Z'), row('bq', [0, 1, 0], null, '2026-01-01T00:00:01.000Z')],
    };
    let owner = 'a';
    const saved: { photo_id: string; sketch: string }[] = [];
    const index = new LookalikeIndex({
      rowsAfter: async (after) => rows[owner].filter((r) => r.created_at > after.created_at || (r.created_at === after.created_at && r.photo_id > after.photo_id)).sort((x, y) => x.created_at.localeCompare(y.created_at) || x.photo_id.localeCompare(y.photo_id)),
      vectors: async (ids) => rows[owner].filter((r) => ids.includes(r.photo_id)),
      saveSketches: async (made, id) => { expect(id).toBe(projection.id); saved.push(...made); },
    }, projection, { k: 8, floor: 0.5 });
    await index.catchUp('a');
    expect(saved.map((s) => s.photo_id)).toEqual(['a0']); // stored before sketches: made at load, kept
    rows.a.push(row('q1', [1, 0, 0], null, '2026-01-01T00:00:02.000Z'), row('q2', [0, 1, 0], null, '2026-01-01T00:00:02.000Z'));
    await index.catchUp('a');
    const [byWhole, byCentre] = await index.search('a', [['q1'], ['q2']], 0.9);
    expect([...byWhole.keys()].sort()).toEqual(['a0', 'a1']);
    expect(byCentre.get('a1')).toEqual({ photo_id: 'q2', similarity: 1 }); // its centre view
    expect(await index.search('b', [['q1']], 0.9)).toEqual([new Map()]); // b not loaded: nothing of a's

    owner = 'b';
    await index.catchUp('b');
    expect([...(await index.search('b', [['bq']], 0.5))[0].keys()]).toEqual([]);
    expect(index.size('a')).toBe(5);
    expect(index.size('b')).toBe(2);
  });
});
