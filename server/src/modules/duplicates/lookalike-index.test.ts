import { describe, expect, it } from 'vitest';
import { LookalikeIndex } from './lookalike-index.ts';
import { centreWindow } from './lookalike-match.ts';
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
  it('keeps each owner apart, catches up rows written since, and answers a photo once per view', async () => {
    const rows: Record<string, { photo_id: string; vector: string; centre_vector: string | null; created_at: string }[]> = {
      a: [{ photo_id: 'a1', vector: encodeVector(vec(1, 0, 0)), centre_vector: encodeVector(vec(0, 1, 0)), created_at: '2026-01-01T00:00:00.000Z' }],
      b: [{ photo_id: 'b1', vector: encodeVector(vec(1, 0, 0)), centre_vector: null, created_at: '2026-01-01T00:00:00.000Z' }],
    };
    let owner = 'a';
    const index = new LookalikeIndex({ rowsAfter: async (after) => rows[owner].filter((r) => r.created_at > after.created_at || (r.created_at === after.created_at && r.photo_id > after.photo_id)) });
    await index.catchUp('a');
    expect(index.search('a', vec(1, 0, 0), 0.9).map((h) => h.photo_id)).toEqual(['a1']);
    expect(index.search('a', vec(0, 1, 0), 0.9).map((h) => h.photo_id)).toEqual(['a1']); // its centre view
    expect(index.search('b', vec(1, 0, 0), 0.9)).toEqual([]); // b not loaded: nothing of a's
    expect(index.search('a', vec(1, 0, 0), 0.9, new Set(['a1']))).toEqual([]);

    rows.a.push({ photo_id: 'a2', vector: encodeVector(vec(0, 0, 1)), centre_vector: null, created_at: new Date().toISOString() });
    await index.catchUp('a');
    expect(index.search('a', vec(0, 0, 1), 0.9).map((h) => h.photo_id)).toEqual(['a2']);
    expect(index.vectorOf('a', 'a2')?.q).toEqual(vec(0, 0, 1).q);

    owner = 'b';
    await index.catchUp('b');
    expect(index.search('b', vec(1, 0, 0), 0.9).map((h) => h.photo_id)).toEqual(['b1']);
    expect(index.size('a')).toBe(3);
  });
});
