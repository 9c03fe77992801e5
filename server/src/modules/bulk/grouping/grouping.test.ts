import { describe, expect, it } from 'vitest';
import { captureOrder } from './capture-order.ts';
import { attachCloseUp } from './close-up-attachment.ts';
import { averageLinkage, detailMatches, wholeViewOf } from './density-clustering.ts';
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

describe('average linkage', () => {
  const near = (x: number[]) => (i: number, j: number) => Math.exp(-Math.abs(x[i] - x[j]));
  it('merges look-alikes while their average probability stays above the floor, and leaves the odd one alone', () => {
    const x = [0, 0.1, 0.2, 5, 5.1, 9];
    const groups = averageLinkage(x.length, near(x), 0.5).map((g) => [...g].sort()).sort((a, b) => a[0] - b[0]);
    expect(groups).toEqual([[0, 1, 2], [3, 4], [5]]);
  });
  it('judges a group by its average, not its closest pair: a chain of small steps is not one garment', () => {
    const x = [0, 0.6, 1.2, 1.8, 2.4];
    const groups = averageLinkage(x.length, near(x), 0.5);
    expect(groups.length).toBeGreaterThan(1);
    expect(groups.every((g) => g.length <= 2)).toBe(true);
  });
});

describe('detail shots without capture times', () => {
  // A region embedding is what a 40 % window of the whole view looks like; a detail shot looks like one of them.
  const axis = (k: number, dim = 48) => { const v = new Float32Array(dim); v[k] = 1; v[(k + 7) % dim] = 0.2; return v; };
  const whole = (id: string, g: number) => photo(id, g, { embedding: axis(g), regions: [axis(20 + g), axis(30 + g), axis(40 + (g % 8))] });
  const detail = (id: string, g: number) => photo(id, 60, { embedding: axis(30 + g), regions: [axis(5), axis(6), axis(7)] });
  it('finds which whole view a detail shows a region of, and no other', () => {
    const ps = [whole('a1', 0), whole('b1', 1), detail('d0', 0), detail('d1', 1)];
    const m = detailMatches(ps);
    expect(m.get(2)?.of).toBe(0);
    expect(m.get(3)?.of).toBe(1);
    expect(m.has(0) || m.has(1)).toBe(false);
    expect(wholeViewOf(2, m)).toBe(0);
  });
  it('in density mode, each detail joins its garment as a close-up, with the reason the seller reads', () => {
    const ps = [whole('a1', 0), whole('a2', 0), whole('a3', 0), whole('b1', 1), whole('b2', 1), whole('c1', 2), whole('c2', 2), whole('c3', 2), detail('d0', 0), detail('d1', 1)]
      .map((p, i) => ({ ...p, filename: `${(i * 7) % 10}-x.jpg` }));
    const r = groupPhotos(ps, { ...DEFAULT_GROUPING, mode: 'density', eps: 0.5, minSamples: 2 });
    const of = (id: string) => r.groups.find((g) => g.photoIds.includes(id))!;
    expect(of('d0').photoIds.sort()).toEqual(['a1', 'a2', 'a3', 'd0']);
    expect(of('d1').photoIds.sort()).toEqual(['b1', 'b2', 'd1']);
    expect(of('d0').closeUpIds).toEqual(['d0']);
    expect(of('d0').reasons.some((x) => x.rule === 'close_up_detail_region' && x.photos[0] === 'd0')).toBe(true);
    expect(r.groups).toHaveLength(3);
  });
  // Nine windows, as the scan makes them: the centre one (index 4) shows the garment, the others mostly the floor.
  const nine = (centre: Float32Array, floor: number) => Array.from({ length: 9 }, (_, k) => (k === 4 ? centre : axis(floor + (k % 3))));
  const shot = (id: string, g: number) => photo(id, g, { embedding: axis(g), regions: nine(axis(20 + g), 40) });
  it('in density mode, a view on another floor joins the garment its centre shows, only when one garment clearly does', () => {
    // Same garment (same centre window), but another floor: unlike the garment's shots as a whole (colour, embedding).
    const otherFloor = (id: string, g: number, centre: Float32Array) => photo(id, g, { embedding: axis(g - 24), regions: nine(centre, 10) });
    const between = axis(20); between[21] = 1; // matches garments 0 and 1 alike
    const ps = [shot('a1', 0), shot('a2', 0), shot('a3', 0), shot('b1', 1), shot('b2', 1), otherFloor('o0', 70, axis(20)), otherFloor('o2', 71, between)]
      .map((p, i) => ({ ...p, filename: `${(i * 5) % 7}-x.jpg` }));
    const r = groupPhotos(ps, { ...DEFAULT_GROUPING, mode: 'density' });
    const of = (id: string) => r.groups.find((g) => g.photoIds.includes(id))!;
    expect(of('o0').photoIds.sort()).toEqual(['a1', 'a2', 'a3', 'o0']);
    expect(of('o0').reasons.find((x) => x.rule === 'same_garment_centre')?.photos[0]).toBe('o0');
    expect(of('o2').photoIds).toEqual(['o2']);
    // Without the adoption (threshold above 1), the other-floor view stays alone.
    const off = groupPhotos(ps, { ...DEFAULT_GROUPING, mode: 'density', adoptCentre: 2 });
    expect(off.groups.find((g) => g.photoIds.includes('o0'))!.photoIds).toEqual(['o0']);
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

  it('keeps the capture order when the photos carry capture times, even when neighbours do not look alike', () => {
    // Two garments shot turn about (a, b, a, b…), a minute apart: no two consecutive shots look alike.
    const ps = Array.from({ length: 8 }, (_, i) => photo(`p${i}`, i % 2, { t: i * 60_000 }));
    expect(groupPhotos(ps).mode).toBe('sequence');
    expect(groupPhotos(ps.map((p) => ({ ...p, takenAt: null }))).mode).toBe('density');
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
