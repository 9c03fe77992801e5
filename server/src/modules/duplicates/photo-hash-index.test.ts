import { describe, expect, it } from 'vitest';
import { hammingDistance } from '../photos/index.ts';
import { newId } from '../../platform/time.ts';
import { type IndexedPhoto, PhotoHashIndex, uuidv7Floor } from './photo-hash-index.ts';

let seed = 7;
const rnd = () => ((seed = (seed * 1664525 + 1013904223) >>> 0) / 2 ** 32);
const randomHash = () => Array.from({ length: 16 }, () => Math.floor(rnd() * 16).toString(16)).join('');
function flip(hash: string, k: number) {
  const bits = hash.split('').flatMap((c) => parseInt(c, 16).toString(2).padStart(4, '0').split('').map(Number));
  const idx = new Set<number>();
  while (idx.size < k) idx.add(Math.floor(rnd() * 64));
  for (const i of idx) bits[i] ^= 1;
  return Array.from({ length: 16 }, (_, i) => parseInt(bits.slice(i * 4, i * 4 + 4).join(''), 2).toString(16)).join('');
}

/** A table of hash rows in id order, like photo_hash_bands' band-0 rows. */
function source(rows: IndexedPhoto[]) {
  return { rows, rowsAfter: async (after: string, limit: number) => rows.filter((r) => r.photo_id > after).sort((a, b) => a.photo_id.localeCompare(b.photo_id)).slice(0, limit) };
}

describe('PhotoHashIndex', () => {
  it('finds exactly the photos within the distance, like a full comparison would', async () => {
    const bases = Array.from({ length: 40 }, randomHash);
    const rows: IndexedPhoto[] = Array.from({ length: 6000 }, () => ({ photo_id: newId(), phash: flip(bases[Math.floor(rnd() * 40)], Math.floor(rnd() * 20)), colour_sig: 'c' }));
    const index = new PhotoHashIndex(source(rows));
    await index.ready();
    expect(index.size).toBe(rows.length);
    for (let q = 0; q < 60; q++) {
      const query = flip(bases[q % 40], Math.floor(rnd() * 6));
      for (const d of [2, 6, 10]) {
        const expected = rows.filter((r) => hammingDistance(r.phash, query) <= d).map((r) => r.photo_id).sort();
        expect(index.near(query, d).map((r) => r.photo_id).sort()).toEqual(expected);
      }
    }
  });

  it('catches up on rows written after it loaded, including ones that committed late', async () => {
    const src = source([{ photo_id: newId(), phash: '0123456789abcdef', colour_sig: 'a' }]);
    const index = new PhotoHashIndex(src);
    await index.ready();
    const lateId = uuidv7Floor(Date.now() - 5_000).replace(/0000-0000-000000000000$/, '7000-8000-000000000001'); // an id from 5 s ago
    src.rows.push({ photo_id: newId(), phash: '0123456789abcdee', colour_sig: 'b' }, { photo_id: lateId, phash: '0123456789abcdec', colour_sig: 'c' });
    await index.catchUp();
    expect(index.near('0123456789abcdef', 2).map((r) => r.colour_sig).sort()).toEqual(['a', 'b', 'c']);
    expect(index.get(lateId)).toMatchObject({ phash: '0123456789abcdec' });
  });

  it('orders ids by time', () => {
    const t = Date.UTC(2026, 0, 2, 3, 4, 5);
    expect(uuidv7Floor(t) < uuidv7Floor(t + 1)).toBe(true);
    expect(newId() > uuidv7Floor(Date.now() - 1000)).toBe(true);
    expect(newId() < uuidv7Floor(Date.now() + 1000)).toBe(true);
  });
});
