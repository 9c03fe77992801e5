import { describe, expect, it } from 'vitest';
import { captureOrder } from './capture-order.ts';
import { attachCloseUp } from './close-up-attachment.ts';
import { dbscan } from './density-clustering.ts';
import { DEFAULT_GROUPING, groupPhotos } from './group-photos.ts';
import { COLOUR_BINS, type PhotoSignals } from './photo-signals.ts';
import { segmentSequence } from './sequence-segmentation.ts';

// Synthetic photos whose signals are set by hand: garment g gets its own colour bin and embedding axis, so
// the pair model sees what a real same-garment / other-garment pair looks like, and nothing else varies.
function photo(id: string, garment: number, opts: Partial<PhotoSignals> & { t?: number } = {}): PhotoSignals {
  const colour = new Float32Array(COLOUR_BINS);
  colour[(garment * 7) % COLOUR_BINS] = 1;
  const embedding = new Float32Array(32);
  embedding[garment % 32] = 1;
  embedding[(garment + 11) % 32] = 0.3;
  return {
    id, filename: `${id}.jpg`, takenAt: opts.t ?? null, colour, colourBalanced: colour, surround: colour, embedding,
    phash: '0000000000000000', phashMirror: 'ffffffffffffffff', closeUp: false, sharpness: 100, ...opts,
  };
}

const label = (id: string, surroundOf: number, t?: number): PhotoSignals => {
  const p = photo(id, 90, { closeUp: true, t });
  const surround = new Float32Array(COLOUR_BINS);
  surround[(surroundOf * 7) % COLOUR_BINS] = 1;
  return { ...p, surround };
};

describe('capture order', () => {
  it('sorts file names naturally, folders first-class', () => {
    const names = ['IMG_10.jpg', 'IMG_9.jpg', 'b/IMG_1.jpg', 'a/IMG_2.jpg', 'IMG_100.jpg'];
    const ordered = captureOrder(names.map((n) => ({ id: n, filename: n, takenAt: null })));
    expect(ordered.map((p) => p.filename)).toEqual(['a/IMG_2.jpg', 'b/IMG_1.jpg', 'IMG_9.jpg', 'IMG_10.jpg', 'IMG_100.jpg']);
  });

  it('prefers EXIF time when most photos carry one, keeping untimed photos in their name slot', () => {
    const ps = [
      { id: 'a', filename: 'IMG_1.jpg', takenAt: 3000 },
      { id: 'b', filename: 'IMG_2.jpg', takenAt: 1000 },
      { id: 'c', filename: 'IMG_3.jpg', takenAt: null },
      { id: 'd', filename: 'IMG_4.jpg', takenAt: 2000 },
    ];
    expect(captureOrder(ps).map((p) => p.id)).toEqual(['b', 'd', 'c', 'a']);
  });
});

describe('sequence segmentation', () => {
  it('cuts where the evidence between neighbours turns negative, and keeps every photo', () => {
    const truth = [0, 0, 0, 1, 1, 1, 1, 2, 2, 2];
    const starts = segmentSequence({
      n: truth.length, maxLength: 20, linkage: 'average',
      pairWeight: (i, j) => (truth[i] === truth[j] ? 2 : -2), adjacentBonus: () => 0,
    });
    expect(starts).toEqual([0, 3, 7]);
  });

  it('lets a time gap decide between two equally likely cuts', () => {
    // Photos 0–3 look alike pairwise everywhere; a 2-minute gap after photo 1 should cut there.
    const starts = segmentSequence({
      n: 4, maxLength: 20, linkage: 'average',
      pairWeight: () => 0.1, adjacentBonus: (k) => (k === 1 ? -2 : 1),
    });
    expect(starts).toEqual([0, 2]);
  });

  it('never makes a run longer than maxLength', () => {
    const starts = segmentSequence({ n: 45, maxLength: 20, linkage: 'sum', pairWeight: () => 5, adjacentBonus: () => 0 });
    const lengths = starts.map((s, i) => (i + 1 < starts.length ? starts[i + 1] : 45) - s);
    expect(Math.max(...lengths)).toBeLessThanOrEqual(20);
    expect(lengths.reduce((a, b) => a + b, 0)).toBe(45);
  });

  it('a length prior pulls a lone shot into its neighbour when the evidence is weak', () => {
    const w = (i: number, j: number) => (i === 3 || j === 3 ? (i < 3 || j < 3 ? -0.2 : -3) : (i < 3) === (j < 3) ? 3 : -3);
    const without = segmentSequence({ n: 7, maxLength: 20, linkage: 'average', pairWeight: w, adjacentBonus: () => 0 });
    const withPrior = segmentSequence({ n: 7, maxLength: 20, linkage: 'average', pairWeight: w, adjacentBonus: () => 0, runPrior: (len) => (len === 1 ? -2 : 0) });
    expect(without).toEqual([0, 3, 4]);
    expect(withPrior).toEqual([0, 4]);
  });
});

describe('close-up attachment', () => {
  const before = { group: 0, photos: [photo('a', 1)], gapMs: 5000 };
  const after = { group: 1, photos: [photo('b', 2)], gapMs: 60_000 };
  it('joins the garment shot nearer in time', () => {
    expect(attachCloseUp(label('l', 2), before, after)).toMatchObject({ group: 0, rule: 'nearer_in_time' });
  });
  it('without times, joins the garment whose colour the fabric around the label matches', () => {
    expect(attachCloseUp(label('l', 2), { ...before, gapMs: null }, { ...after, gapMs: null })).toMatchObject({ group: 1, rule: 'colour_match' });
  });
  it('when nothing tells, joins the garment shot before it', () => {
    expect(attachCloseUp(label('l', 5), { ...before, gapMs: null }, { ...after, gapMs: null })).toMatchObject({ group: 0, rule: 'shot_after_garment' });
  });
  it('at the start of the roll, joins the only neighbour', () => {
    expect(attachCloseUp(label('l', 5), null, after)).toMatchObject({ group: 1, rule: 'only_neighbour' });
  });
});

describe('dbscan', () => {
  it('finds dense groups and leaves isolated points as noise', () => {
    const x = [0, 0.1, 0.2, 5, 5.1, 9];
    const r = dbscan(x.length, (i, j) => Math.abs(x[i] - x[j]), 0.15, 2);
    expect(r.clusters).toBe(2);
    expect(r.labels[0]).toBe(r.labels[2]);
    expect(r.labels[3]).toBe(r.labels[4]);
    expect(r.labels[5]).toBe(-1);
  });
  it('honours min samples: a pair is not dense enough for 3', () => {
    const x = [0, 0.1, 5, 5.1, 5.2];
    const r = dbscan(x.length, (i, j) => Math.abs(x[i] - x[j]), 0.15, 3);
    expect(r.clusters).toBe(1);
    expect([r.labels[0], r.labels[1]]).toEqual([-1, -1]);
  });
});

describe('groupPhotos', () => {
  const session = (): PhotoSignals[] => {
    const out: PhotoSignals[] = [];
    let t = 0;
    const shots = [3, 4, 2, 5, 3];
    shots.forEach((n, g) => {
      t += 60_000;
      for (let k = 0; k < n; k++) out.push(photo(`p${out.length.toString().padStart(2, '0')}`, g, { t: (t += 4000) }));
    });
    return out;
  };

  it('groups a camera roll by garment, flags small groups and explains each group', () => {
    const r = groupPhotos(session());
    expect(r.mode).toBe('sequence');
    expect(r.groups.map((g) => g.photoIds.length)).toEqual([3, 4, 2, 5, 3]);
    expect(r.groups.map((g) => g.fewPhotos)).toEqual([false, false, true, false, false]);
    for (const g of r.groups) expect(g.reasons.some((x) => x.rule === 'consecutive_shots')).toBe(true);
    expect(r.groups[1].reasons.find((x) => x.rule === 'new_garment')!.message).toMatch(/p03\.jpg/);
  });

  it('puts a label close-up with its garment and never drops a photo', () => {
    const ps = session();
    ps.splice(3, 0, label('p02b', 0, ps[2].takenAt! + 3000));
    const r = groupPhotos(ps);
    const all = r.groups.flatMap((g) => g.photoIds);
    expect(all.sort()).toEqual(ps.map((p) => p.id).sort());
    expect(r.groups[0].photoIds).toContain('p02b');
    expect(r.groups[0].closeUpIds).toEqual(['p02b']);
  });

  it('switches to density clustering when the upload order says nothing, honouring eps and min samples', () => {
    // The same photos under random names: consecutive photos are no more alike than any two.
    const ps = session();
    const shuffled = ps.map((p, i) => ({ ...p, takenAt: null, filename: `${(i * 7) % ps.length}-x.jpg` }));
    const r = groupPhotos(shuffled, { ...DEFAULT_GROUPING, eps: 0.5, minSamples: 2 });
    expect(r.mode).toBe('density');
    expect(r.order.informative).toBe(false);
    expect(r.groups.map((g) => g.photoIds.length).sort()).toEqual([2, 3, 3, 4, 5]);
    const strict = groupPhotos(shuffled, { ...DEFAULT_GROUPING, eps: 0.5, minSamples: 3 });
    // A garment shown twice cannot seed a group of 3: its photos stay on their own, flagged, never dropped.
    expect(strict.groups.map((g) => g.photoIds.length).sort()).toEqual([1, 1, 3, 3, 4, 5]);
    expect(strict.groups.filter((g) => g.photoIds.length === 1).every((g) => g.fewPhotos && g.reasons[0].rule === 'no_dense_neighbourhood')).toBe(true);
  });
});
