// npm run models:download -- <name | manifest.json> [--hub URL] [--dir MODELS_DIR]
// Fetches an optional model (server/src/modules/analysis/vision/models/model-catalog.ts) into MODELS_DIR with a
// progress bar, resuming a cut download and checking every file's pinned SHA-256. Exits 1 with the reason on failure
// (run it again to resume), 2 on bad usage.
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from '../src/config.ts';
import { clipPrompt, computeLabelEmbeddings, hasTextTower, LABEL_EMBEDDINGS_FILE } from '../src/modules/analysis/vision/clip/clip-label-embeddings.ts';
import { CLIP_LABELS } from '../src/modules/analysis/vision/clip/clip-zero-shot.ts';
import { MODEL_CATALOG, type ModelManifest } from '../src/modules/analysis/vision/models/model-catalog.ts';
import { downloadModel, type FileProgress } from '../src/modules/analysis/vision/models/model-download.ts';

const { values: args, positionals } = parseArgs({ allowPositionals: true, options: { hub: { type: 'string' }, dir: { type: 'string' } } });
const which = positionals[0];
if (!which) {
  console.error('usage: npm run models:download -- <name | manifest.json> [--hub URL] [--dir MODELS_DIR]');
  console.error(`models: ${Object.values(MODEL_CATALOG).map((m) => `${m.name} (${m.about}; ${m.licence})`).join('\n        ')}`);
  process.exit(2);
}
const manifest: ModelManifest | undefined = which.endsWith('.json') ? JSON.parse(readFileSync(resolve(which), 'utf8')) as ModelManifest : MODEL_CATALOG[which];
if (!manifest) {
  console.error(`unknown model "${which}"; known: ${Object.keys(MODEL_CATALOG).join(', ')}`);
  process.exit(2);
}
const modelsDir = resolve(args.dir ?? loadConfig(process.env).MODELS_DIR ?? 'models');
const hub = args.hub ?? process.env.MODELS_HUB_URL;

const mb = (n: number) => `${(n / 1e6).toFixed(1)} MB`;
let lastDraw = 0;
function draw(p: FileProgress) {
  const now = Date.now();
  const done = p.total !== null && p.received >= p.total;
  if (!done && now - lastDraw < 100) return;
  lastDraw = now;
  const frac = p.total ? p.received / p.total : 0;
  const bar = p.total ? `[${'#'.repeat(Math.round(frac * 30)).padEnd(30, '.')}] ${(frac * 100).toFixed(0).padStart(3)} %` : '';
  const resumed = p.resumedFrom > 0 ? ` (resumed at ${mb(p.resumedFrom)})` : '';
  process.stderr.write(`\r${p.file} ${bar} ${mb(p.received)}${p.total ? ` / ${mb(p.total)}` : ''}${resumed}`);
  if (done) process.stderr.write('\n');
}

try {
  const results = await downloadModel(manifest, { modelsDir, hub, onProgress: draw });
  for (const r of results) console.log(`${r.status.padEnd(10)} ${r.path} (${mb(r.bytes)}, SHA-256 verified)`);
  // A CLIP bundle with its text tower: the label embeddings the zero-shot needs are computed here, once.
  const clip = join(modelsDir, 'clip');
  if (manifest.files.some((f) => f.local.startsWith('clip/')) && !existsSync(join(clip, LABEL_EMBEDDINGS_FILE)) && hasTextTower(clip)) {
    const labels = await computeLabelEmbeddings(clip, Object.keys(CLIP_LABELS));
    console.log(`computed   clip/${LABEL_EMBEDDINGS_FILE} (${Object.keys(labels).length} labels, "${clipPrompt('<label>')}")`);
  }
  console.log(`${manifest.name}: ready in ${modelsDir}`);
} catch (e) {
  process.stderr.write('\n');
  const code = (e as { code?: string }).code;
  console.error(`models:download failed${code ? ` (${code})` : ''}: ${(e as Error).message}`);
  process.exit(1);
}
