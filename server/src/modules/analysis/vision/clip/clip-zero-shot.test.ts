import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeOnnxModel } from '../onnx/onnx-writer.ts';
import { decodeForAnalysis, renderGarment } from '../testing/render.ts';
import { CLIP_LABELS, clipClassify, loadClip } from './clip-zero-shot.ts';

/**
 * A tiny stand-in for CLIP's image tower, built here: mean colour per channel (after CLIP normalisation)
 * times a 3×4 matrix → a 4-number "embedding". Text embeddings are chosen so red photos read as "robe",
 * blue ones as "jeans", green ones as "sneakers". It runs through the real loading and inference code.
 */
function tinyClipDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'clip-test-'));
  mkdirSync(join(dir, 'clip'));
  const W = new Float32Array([1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0]);
  writeFileSync(join(dir, 'clip', 'vision_model.onnx'), writeOnnxModel({
    name: 'tiny_clip_vision',
    nodes: [
      { op: 'GlobalAveragePool', inputs: ['pixel_values'], outputs: ['pooled'] },
      { op: 'Flatten', inputs: ['pooled'], outputs: ['flat'], attrs: { axis: 1 } },
      { op: 'MatMul', inputs: ['flat', 'proj'], outputs: ['image_embeds'] },
    ],
    initializers: [{ name: 'proj', dims: [3, 4], data: W }],
    inputs: [{ name: 'pixel_values', dims: ['batch', 3, 'height', 'width'] }],
    outputs: [{ name: 'image_embeds', dims: ['batch', 4] }],
  }));
  writeFileSync(join(dir, 'clip', 'label-embeddings.json'), JSON.stringify({
    size: 32,
    labels: { robe: [1, -1, -1, 0], jeans: [-1, -0.5, 1, 0], sneakers: [-1, 1, -1, 0], sac: [0, 0, 0, 1] },
  }));
  return dir;
}

describe('CLIP zero-shot (optional)', () => {
  it('is absent without MODELS_DIR or without model files', async () => {
    expect(await loadClip(undefined)).toBeNull();
    expect(await loadClip(mkdtempSync(join(tmpdir(), 'no-clip-')))).toBeNull();
  });

  it('maps the seed label set onto our categories', () => {
    expect(CLIP_LABELS).toMatchObject({ pantalon: 'trousers', manteau: 'coat', casquette: 'cap', bonnet: 'beanie', sneakers: 'trainers', sac: 'handbag', 'puffer jacket': 'puffer' });
    expect(Object.keys(CLIP_LABELS)).toHaveLength(21);
  });

  it('loads a local ONNX image tower and scores labels by cosine similarity', async () => {
    const clip = (await loadClip(tinyClipDir()))!;
    expect(clip).not.toBeNull();
    const red = await clipClassify(clip, await decodeForAnalysis(await renderGarment({ background: [200, 30, 30], fill: '#d02020' })));
    expect(red.labels[0].label).toBe('robe');
    expect(red.categories[0]).toMatchObject({ category: 'dress' });
    const blue = await clipClassify(clip, await decodeForAnalysis(await renderGarment({ background: [30, 40, 200], fill: '#2030c0' })));
    expect(blue.categories[0].category).toBe('jeans');
    expect(blue.categories[0].score).toBeGreaterThan(0.9);
  });
});
