import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeOnnxModel } from '../../src/modules/analysis/vision/onnx/onnx-writer.ts';
import { decodeForAnalysis, renderGarment } from '../../src/modules/analysis/vision/testing/render.ts';
import { clipClassify, loadClip } from '../../src/modules/analysis/vision/clip/clip-zero-shot.ts';
import { tinyClipText } from '../../src/modules/analysis/vision/testing/tiny-clip-text.ts';
import { startFakeModelHub, type FakeModelHub } from '../fakes/fake-model-hub.ts';
import { runProcess } from '../helpers/run-process.ts';

// `npm run models:download -- <manifest>` against a local server playing the hub: the command is run as a seller
// runs it (a process), the download is cut midway and resumed, every file's SHA-256 is checked, and the bundle it
// leaves in MODELS_DIR is loaded by the analyser's CLIP path. No network beyond 127.0.0.1.
const ROOT = join(import.meta.dirname, '../../..');
const REPO = '/tinyorg/tiny-clip/resolve/main/';

/** A tiny CLIP image tower (mean colour → 4-d embedding) padded to 600 kB so a cut lands mid-file. */
function tinyVisionModel(): Buffer {
  return writeOnnxModel({
    name: 'tiny_clip_vision',
    nodes: [
      { op: 'GlobalAveragePool', inputs: ['pixel_values'], outputs: ['pooled'] },
      { op: 'Flatten', inputs: ['pooled'], outputs: ['flat'], attrs: { axis: 1 } },
      { op: 'MatMul', inputs: ['flat', 'proj'], outputs: ['image_embeds'] },
    ],
    initializers: [
      { name: 'proj', dims: [3, 4], data: new Float32Array([1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0]) },
      { name: 'padding', dims: [150_000], data: new Float32Array(150_000).map((_, i) => (i % 97) / 97) },
    ],
    inputs: [{ name: 'pixel_values', dims: ['batch', 3, 'height', 'width'] }],
    outputs: [{ name: 'image_embeds', dims: ['batch', 4] }],
  });
}

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

describe('models:download', () => {
  let hub: FakeModelHub;
  const vision = tinyVisionModel();
  const labels = Buffer.from(JSON.stringify({ size: 32, labels: { robe: [1, -1, -1, 0], jeans: [-1, -0.5, 1, 0], sneakers: [-1, 1, -1, 0] } }));
  const work = mkdtempSync(join(tmpdir(), 'models-dl-'));
  const manifest = (over: Partial<Record<'vision' | 'labels', string>> = {}) => {
    const file = join(work, `manifest-${Math.random().toString(36).slice(2)}.json`);
    writeFileSync(file, JSON.stringify({
      name: 'tiny-clip', base: `https://huggingface.co${REPO}`, licence: 'test', about: 'built by the test',
      files: [
        { remote: 'onnx/vision_model.onnx', local: 'clip/vision_model.onnx', sha256: over.vision ?? sha(vision) },
        { remote: 'label-embeddings.json', local: 'clip/label-embeddings.json', sha256: over.labels ?? sha(labels) },
      ],
    }));
    return file;
  };
  const run = (args: string[]) => runProcess(process.execPath, ['--import', 'tsx', join(ROOT, 'server/scripts/models-download.ts'), ...args, '--hub', hub.url], { cwd: ROOT, env: { ...process.env }, timeout: 120_000 });

  const text = tinyClipText();
  const vocab = Buffer.from(JSON.stringify(text.vocab)), merges = Buffer.from(text.merges);

  beforeAll(async () => {
    hub = await startFakeModelHub({
      [`${REPO}onnx/vision_model.onnx`]: vision, [`${REPO}label-embeddings.json`]: labels,
      [`${REPO}onnx/text_model.onnx`]: text.textModel, [`${REPO}vocab.json`]: vocab, [`${REPO}merges.txt`]: merges,
    });
  });
  afterAll(async () => {
    await hub?.close();
  });

  it('resumes a download cut midway with a Range request, verifies it, and the analyser loads the model', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'models-'));
    const m = manifest();
    hub.cutNextAfter(Math.floor(vision.length / 2));
    const first = await run([m, '--dir', dir]);
    expect(first.status, first.stderr).toBe(1);
    expect(first.stderr).toMatch(/model_download_failed.*run the command again to resume/);
    const part = join(dir, 'clip/vision_model.onnx.part');
    // What reached the disk before the cut: at most what the hub sent (bytes in flight at the reset may be lost).
    const kept = statSync(part).size;
    expect(kept).toBeGreaterThan(0);
    expect(kept).toBeLessThanOrEqual(Math.floor(vision.length / 2));
    expect(existsSync(join(dir, 'clip/vision_model.onnx'))).toBe(false);

    hub.requests.length = 0;
    const second = await run([m, '--dir', dir]);
    expect(second.status, second.stderr).toBe(0);
    expect(hub.requests[0]).toEqual({ path: `${REPO}onnx/vision_model.onnx`, range: `bytes=${kept}-` });
    expect(second.stdout).toMatch(/resumed\s+\S+vision_model\.onnx \(0\.6 MB, SHA-256 verified\)/);
    expect(second.stderr).toMatch(/clip\/vision_model\.onnx \[#+\] 100 %.*resumed at 0\.\d MB/);
    expect(readFileSync(join(dir, 'clip/vision_model.onnx')).equals(vision)).toBe(true);
    expect(existsSync(part)).toBe(false);

    // The analyser's optional CLIP path loads what was downloaded and uses it.
    const clip = (await loadClip(dir))!;
    expect(clip).not.toBeNull();
    const red = await clipClassify(clip, await decodeForAnalysis(await renderGarment({ background: [200, 30, 30], fill: '#d02020' })));
    expect(red.categories[0].category).toBe('dress');

    // Run again: everything is there and verified, nothing is fetched.
    hub.requests.length = 0;
    const third = await run([m, '--dir', dir]);
    expect(third.status).toBe(0);
    expect(third.stdout).toMatch(/present/);
    expect(hub.requests).toEqual([]);
  }, 180_000);

  it('fetches a bundle with its text tower (as the catalogue\'s CLIP) and computes the label embeddings itself', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'models-'));
    const file = join(work, 'manifest-text.json');
    writeFileSync(file, JSON.stringify({
      name: 'tiny-clip-text', base: `https://huggingface.co${REPO}`, licence: 'test', about: 'built by the test',
      files: [
        { remote: 'onnx/vision_model.onnx', local: 'clip/vision_model.onnx', sha256: sha(vision) },
        { remote: 'onnx/text_model.onnx', local: 'clip/text_model.onnx', sha256: sha(text.textModel) },
        { remote: 'vocab.json', local: 'clip/vocab.json', sha256: sha(vocab) },
        { remote: 'merges.txt', local: 'clip/merges.txt', sha256: sha(merges) },
      ],
    }));
    const r = await run([file, '--dir', dir]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/computed\s+clip\/label-embeddings\.json \(21 labels, "a photo of a <label>"\)/);
    expect(Object.keys(JSON.parse(readFileSync(join(dir, 'clip/label-embeddings.json'), 'utf8')).labels)).toHaveLength(21);
    const clip = (await loadClip(dir))!;
    const blue = await clipClassify(clip, await decodeForAnalysis(await renderGarment({ background: [30, 40, 200], fill: '#2030c0' })));
    expect(blue.categories[0].category).toBe('jeans');
  }, 180_000);

  it('refuses a file whose SHA-256 is not the pinned one, and keeps nothing of it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'models-'));
    const r = await run([manifest({ labels: sha(Buffer.from('something else')) }), '--dir', dir]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/model_checksum_mismatch.*label-embeddings\.json/);
    expect(existsSync(join(dir, 'clip/label-embeddings.json'))).toBe(false);
    expect(existsSync(join(dir, 'clip/label-embeddings.json.part'))).toBe(false);
  }, 120_000);

  it('refuses a catalogue model whose files are not pinned yet, before fetching anything', async () => {
    hub.requests.length = 0;
    const r = await run(['clip-vit-b32', '--dir', mkdtempSync(join(tmpdir(), 'models-'))]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/model_not_pinned/);
    expect(hub.requests).toEqual([]);
  }, 120_000);
});
