import { describe, expect, it } from 'vitest';
import { AppError } from '../../platform/errors.ts';
import { applyClusterEdit, clusterNamer, type EditableCluster } from './cluster-edits.ts';
import { findDuplicates } from './grouping/duplicates.ts';
import { ocrLanes } from './analysis/vision-adapter.ts';
import { shrinkOnLoad } from './analysis/bulk-decode.ts';
import { analysisFailed } from './pipeline/photo-failure.ts';
import { isSystemFile, planZip, unsafeEntryName, type ZipEntryInfo } from './intake/zip-guard.ts';
import { parsePriceRules } from '../pricing/price-rules.ts';
import { suggestPrice } from '../pricing/price-suggestion.ts';
import { type PlanCluster, templateItem } from './plan-templates.ts';

const layout = (v: number) => Buffer.alloc(48, v).toString('hex');

describe('duplicates', () => {
  const p = (id: string, sha: string, phash: string, col = 100, sharpness = 100) => ({ id, filename: `${id}.jpg`, sha256: sha, phash, colourLayout: layout(col), sharpness });
  it('collapses identical bytes anywhere and names the first copy as kept', () => {
    const d = findDuplicates([p('a', 's1', '0000000000000000'), p('b', 's2', 'ffffffffffffffff'), p('c', 's1', '0000000000000000')]);
    expect(d.get('c')).toMatchObject({ keptId: 'a', kind: 'exact', distance: 0 });
    expect(d.has('a')).toBe(false);
    expect(d.size).toBe(1);
  });
  it('collapses a near-identical shot next to its twin onto the sharper one', () => {
    const d = findDuplicates([p('a', 's1', '0000000000000000', 100, 50), p('b', 's2', '0000000000000003', 100, 90)]);
    expect(d.get('a')).toMatchObject({ keptId: 'b', kind: 'near', distance: 2 });
  });
  it('keeps near-identical hashes apart when their colours differ', () => {
    expect(findDuplicates([p('a', 's1', '0000000000000000', 100), p('b', 's2', '0000000000000001', 160)]).size).toBe(0);
  });
  it('finds a near copy anywhere in the batch, with no window (a resized copy 100 photos away)', () => {
    const others = Array.from({ length: 100 }, (_, i) => p(`x${i}`, `t${i}`, (0x1111111111111111n * BigInt(i % 15 + 1) + BigInt(i)).toString(16).padStart(16, '0').slice(-16), 20 + (i % 9) * 20));
    const batch = [p('a', 's1', '0f0f0f0f0f0f0f0f', 100, 90), ...others, p('b', 's2', '0f0f0f0f0f0f0f0e', 100, 50)];
    expect(findDuplicates(batch).get('b')).toMatchObject({ keptId: 'a', kind: 'near', distance: 1 });
  });
});

describe('cluster edits', () => {
  const start = (): EditableCluster[] => [
    { id: 'c1', photoIds: ['a', 'b', 'c'], cover: 'a' },
    { id: 'c2', photoIds: ['d', 'e'], cover: 'd' },
    { id: 'c3', photoIds: ['f'], cover: 'f' },
  ];
  const all = (cs: EditableCluster[]) => cs.flatMap((c) => c.photoIds).sort();

  it('moves photos to another group and removes a group left empty', () => {
    const o = applyClusterEdit(start(), 'c3', { move: { photo_ids: ['f'], to: 'c2' } }, clusterNamer(['c1', 'c2', 'c3']));
    expect(o.clusters.find((c) => c.id === 'c2')!.photoIds).toEqual(['d', 'e', 'f']);
    expect(o.removed).toEqual(['c3']);
    expect(all(o.clusters)).toEqual(['a', 'b', 'c', 'd', 'e', 'f']);
  });
  it('splits at a photo into a new group with the next free name', () => {
    const o = applyClusterEdit(start(), 'c1', { split_at: 'b' }, clusterNamer(['c1', 'c2', 'c3']));
    expect(o.created).toEqual(['c4']);
    expect(o.clusters.find((c) => c.id === 'c4')!.photoIds).toEqual(['b', 'c']);
    expect(o.clusters.find((c) => c.id === 'c1')!.photoIds).toEqual(['a']);
  });
  it('merges, reorders and sets the cover (which goes first)', () => {
    const o = applyClusterEdit(start(), 'c1', { merge: ['c2'], order: ['e', 'd', 'c', 'b', 'a'], cover_photo_id: 'c' }, clusterNamer(['c1', 'c2', 'c3']));
    expect(o.clusters.find((c) => c.id === 'c1')).toMatchObject({ photoIds: ['c', 'e', 'd', 'b', 'a'], cover: 'c' });
    expect(o.removed).toEqual(['c2']);
    expect(o.log.map((l) => l.rule)).toEqual(['edit_merge', 'edit_order', 'edit_cover']);
  });
  it('refuses edits that would lose or invent photos', () => {
    const n = clusterNamer(['c1', 'c2', 'c3']);
    const code = (f: () => unknown) => { try { f(); } catch (e) { return (e as AppError).code; } return null; };
    expect(code(() => applyClusterEdit(start(), 'c1', { order: ['a', 'b'] }, n))).toBe('invalid_order');
    expect(code(() => applyClusterEdit(start(), 'c1', { move: { photo_ids: ['d'], to: 'c2' } }, n))).toBe('photo_not_in_cluster');
    expect(code(() => applyClusterEdit(start(), 'c1', { split_at: 'a' }, n))).toBe('invalid_edit');
    expect(code(() => applyClusterEdit(start(), 'c9', { merge: ['c1'] }, n))).toBe('cluster_not_found');
    expect(code(() => applyClusterEdit(start(), 'c1', { cover_photo_id: 'd' }, n))).toBe('photo_not_in_cluster');
  });
});

describe('zip guard', () => {
  const e = (name: string, extra: Partial<ZipEntryInfo> = {}): ZipEntryInfo => ({ name, compressedSize: 1000, uncompressedSize: 1100, externalFileAttributes: 0, isDirectory: name.endsWith('/'), ...extra });
  const limits = { maxEntries: 10, maxFiles: 5, maxUncompressedBytes: 10_000_000, maxFileBytes: 5_000_000, maxRatio: 100 };
  it('refuses every traversal form', () => {
    for (const [name, reason] of [['../x.jpg', 'parent_traversal'], ['a/../../x.jpg', 'parent_traversal'], ['/etc/passwd', 'absolute_path'], ['C:/x.jpg', 'absolute_path'], ['..\\..\\x.jpg', 'backslash'], ['a//b.jpg', 'empty_segment']]) {
      expect(unsafeEntryName(name)).toMatchObject({ code: 'zip_unsafe_entry', reason });
    }
    expect(unsafeEntryName('holiday/IMG_0412.HEIC')).toBeNull();
  });
  it('refuses links, bombs, too many entries or files, and too many bytes', () => {
    expect(planZip([e('a.jpg', { externalFileAttributes: (0o120777 << 16) >>> 0 })], limits)).toMatchObject({ ok: false, problem: { code: 'zip_link_entry' } });
    expect(planZip([e('a.jpg', { compressedSize: 10_000, uncompressedSize: 5_000_000 })], limits)).toMatchObject({ ok: false, problem: { code: 'zip_bomb' } });
    expect(planZip(Array.from({ length: 11 }, (_, i) => e(`${i}.jpg`)), limits)).toMatchObject({ ok: false, problem: { code: 'zip_too_many_entries' } });
    expect(planZip(Array.from({ length: 6 }, (_, i) => e(`${i}.jpg`)), limits)).toMatchObject({ ok: false, problem: { code: 'too_many_files' } });
    expect(planZip(Array.from({ length: 5 }, (_, i) => e(`${i}.jpg`, { compressedSize: 2_100_000, uncompressedSize: 2_100_000 })), limits)).toMatchObject({ ok: false, problem: { code: 'zip_too_large_uncompressed' } });
  });
  it('skips system files and folders, keeps photos in folders', () => {
    const r = planZip([e('shoot/'), e('shoot/IMG_1.jpg'), e('__MACOSX/shoot/._IMG_1.jpg'), e('shoot/.DS_Store'), e('Thumbs.db')], limits);
    expect(r.ok && r.plan.files.map((f) => f.name)).toEqual(['shoot/IMG_1.jpg']);
    expect(r.ok && r.plan.skipped.length).toBe(3);
    expect(isSystemFile('a/._b.jpg')).toBe(true);
  });
});

describe('plan templates', () => {
  const cluster: PlanCluster = { id: 'c1', photo_ids: ['a', 'b', 'c'], category: 'hoodie', category_score: 0.83, color: 'black', color_secondary: null, brand: null, size: null, few_photos: false, item_id: null };
  const priceRules = parsePriceRules('{"hoodie":25,"t-shirt":10,"jeans":25,"veste":35}');
  const settings = { city: 'Lyon', priceRules, defaultPrice: 20, month: 6 };
  it('writes the short template with the writer: agreement, the brand, the size when known', () => {
    const item = templateItem(cluster, { condition: 'bon' }, {}, settings);
    expect(item.title).toBe('Sweat à capuche noir (bon état)');
    expect(item.description).toBe('Sweat à capuche noir. Bon état. Envoi rapide depuis Lyon. Photos réelles. Remise possible sur lot. #VintedBotStudio');
    expect(item.warnings).toContain('no_size');
    const facts = (over: Partial<typeof cluster>, o = {}) => templateItem({ ...cluster, ...over }, { condition: 'très bon' }, o, settings).title;
    // Colour adjectives agree with the garment (gender and number), as single listings do.
    expect(facts({ category: 'skirt', color: 'green' })).toBe('Jupe verte (très bon état)');
    expect(facts({ category: 'shirt', color: 'grey' })).toBe('Chemise grise (très bon état)');
    expect(facts({ category: 'shoes', color: 'black', size: '42' })).toBe('Chaussures noires (très bon état) – Taille 42');
    expect(facts({ category: 'jeans', color: 'blue', size: 'W32' })).toBe('Jean bleu (très bon état) – Taille W32');
    // The brand typed on the group is in the title.
    expect(facts({ category: 'skirt', color: 'green', brand: 'Zara' })).toBe('Jupe verte Zara (très bon état)');
    expect(facts({ category: 'skirt', color: 'green' }, { brand: 'Sézane' })).toBe('Jupe verte Sézane (très bon état)');
    // Short of space, the condition goes first (Vinted has a field for it), never the words buyers search.
    expect(facts({ category: 'hoodie', color: 'light_blue', brand: 'Fear of God Essentials', size: 'XXL' })).toBe('Sweat à capuche bleu clair Fear of God Essentials – Taille XXL');
    const long = facts({ category: 'hoodie', color: 'light_blue', brand: 'Fear of God Essentials Los Angeles', size: 'XXL' });
    expect(long).toBe('Sweat à capuche bleu clair Fear of God Essentials Los Angeles XXL');
    expect(long.length).toBeLessThanOrEqual(70);
  });
  it('prices by override, else the single listings\' suggestion, else the plan default, else DEFAULT_PRICE', () => {
    expect(templateItem(cluster, { price: 18 }, { price: 30 }, settings)).toMatchObject({ price: 30, price_source: 'override' });
    const suggested = suggestPrice({ category: 'hoodie', brand: null, condition: 'good' }, priceRules);
    expect(templateItem(cluster, { price: 18 }, {}, settings)).toMatchObject({ price: suggested.target_cents / 100, price_source: 'suggestion' });
    // Brand tier and condition move the price, as for a single listing.
    const premium = templateItem({ ...cluster, brand: 'Ralph Lauren' }, { condition: 'neuf avec étiquette' }, {}, settings);
    expect(premium.price).toBe(suggestPrice({ category: 'hoodie', brand: 'Ralph Lauren', condition: 'new_with_tags' }, priceRules).target_cents / 100);
    expect(premium.price).toBeGreaterThan(suggested.target_cents / 100);
    expect(templateItem({ ...cluster, category: null }, { price: 18 }, {}, settings)).toMatchObject({ price: 18, price_source: 'default' });
    expect(templateItem({ ...cluster, category: null }, {}, {}, settings)).toMatchObject({ price: 20, price_source: 'DEFAULT_PRICE' });
    expect(priceRules.basePrices).toEqual({ hoodie: 25, 't-shirt': 10, jeans: 25, jacket: 35 });
  });
  it('gives every item the suggestion and a sale score; fewer than 3 photos is a warning that lowers the score', () => {
    const three = templateItem(cluster, {}, {}, settings);
    expect(three.price_suggestion).toMatchObject({ target: three.price });
    expect(three.sale_score).toBeGreaterThan(0);
    const one = templateItem({ ...cluster, photo_ids: ['a'] }, {}, {}, settings);
    expect(one.warnings).toContain('few_photos');
    expect(one.sale_score!).toBeLessThan(three.sale_score!);
  });
  it('publish is off unless the seller asks', () => {
    expect(templateItem(cluster, {}, {}, settings).publish).toBe(false);
    expect(templateItem(cluster, { publish: true }, { publish: false }, settings).publish).toBe(false);
  });
});

describe('OCR lanes', () => {
  it('are the configured workers within the memory cap, never fewer than one', () => {
    expect(ocrLanes({ BULK_OCR_WORKERS: 2, BULK_OCR_MAX_MB: 400 })).toBe(2);
    expect(ocrLanes({ BULK_OCR_WORKERS: 4, BULK_OCR_MAX_MB: 500 })).toBe(2);
    expect(ocrLanes({ BULK_OCR_WORKERS: 2, BULK_OCR_MAX_MB: 200 })).toBe(1);
    expect(ocrLanes({ BULK_OCR_WORKERS: 1, BULK_OCR_MAX_MB: 8192 })).toBe(1);
  });
});

describe('extreme photo shapes', () => {
  it('shrinks a JPEG on load only as far as its short side allows', () => {
    expect(shrinkOnLoad({ width: 4000, height: 3000 })).toBe(8);
    expect(shrinkOnLoad({ width: 1, height: 60000 })).toBe(1);
    expect(shrinkOnLoad({ width: 60000, height: 3 })).toBe(2);
    expect(shrinkOnLoad({ width: 7, height: 60000 })).toBe(4);
    expect(shrinkOnLoad({ width: 8, height: 60000 })).toBe(8);
  });
  it('names a photo whose analysis failed, with a stable code and no file path', () => {
    const e = analysisFailed({ index: 2, filename: 'IMG_3.jpg' }, new Error('bad crop in /data/bulk/job/files/x.jpg\nat …'));
    expect(e).toMatchObject({ status: 422, code: 'analysis_failed', message: '"IMG_3.jpg" could not be analysed and is left out of the groups (bad crop in <file>)' });
  });
});
