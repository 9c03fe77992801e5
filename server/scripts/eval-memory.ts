// npm run eval:memory [-- --dev <folder>] [--train <folder>] [--contributors 4] [--seed 21] [--tune] [--dev-only]
// Measures the seller's memory (modules/analysis/memory) with the prequential protocol (memory/prequential.ts):
//  (a) the dev folder as one stream, against the shipped classifier (which never saw it); category top-1 by
//      block, and colour exact / near / miss with the pixels' reading alone and after the seller's confirmed
//      colours voted (colour-vote.ts, parameters set a priori: no colour labels exist to fit them on);
//  (b) each of the largest contributors of the training folder as one seller's stream, against a classifier
//      re-trained without that contributor (leave-one-contributor-out, same shrink and temperature as shipped).
//      Category only: clothing-train has no colour labels, so colour cannot be scored there (said in the output).
// --dev-only skips (b) and the tuning (the colour figures need only (a)).
// --lamp adds (a'): the same dev stream photographed under one seller's lamp, simulated by a fixed colour cast on
// every photo ('blue': the cool LED of the tests, 'warm': a tungsten bulb), which is what the colour memory is for:
// dev's 100 photos come from 60 people, each with their own floor and light, so (a) has no consistent cast to learn.
// --tune runs a small grid of the vote's parameters on the next four contributors (never the reported ones, never
// dev): that is how MEMORY_VOTE was chosen; then the memory's record (trustOf) on and off over every further
// contributor with 10 photos or more. Measurement only: nothing here writes a model.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import sharp from 'sharp';
import { dominantColours, garmentLab } from '../src/modules/photos/index.ts';
import { BACKBONE_FILE, SHIPPED_MODELS_DIR, openBackbone } from '../src/modules/analysis/vision/backbone/feature-extractor.ts';
import { HEAD_FILE, TRAINING_CLASSES, categoryOfDatasetClass } from '../src/modules/analysis/vision/classifier/garment-classes.ts';
import { ldaHead, scatterStats } from '../src/modules/analysis/vision/classifier/lda-fit.ts';
import { headProbabilities, type SoftmaxHead } from '../src/modules/analysis/vision/classifier/softmax-head.ts';
import { decodeForAnalysis } from '../src/modules/analysis/vision/decode-for-analysis.ts';
import { colourKeyOfLabel, scoreColour } from '../src/modules/analysis/vision/eval/colour-agreement.ts';
import { type LabelledPhoto, readColourLabels, readLabels } from '../src/modules/analysis/vision/eval/dataset.ts';
import { projectHeadInput } from '../src/modules/analysis/memory/memory-vector.ts';
import { MEMORY_VOTE, type MemoryVoteParams } from '../src/modules/analysis/memory/memory-vote.ts';
import { COLOUR_VOTE } from '../src/modules/analysis/memory/colour-vote.ts';
import { type ColourTally, runPrequential, seededOrder, type StreamPhoto } from '../src/modules/analysis/memory/prequential.ts';
import { headInputs } from './lib/training-features.ts';

const { values: args } = parseArgs({
  options: {
    dev: { type: 'string' }, train: { type: 'string' }, contributors: { type: 'string' }, seed: { type: 'string' }, tune: { type: 'boolean' },
    'dev-only': { type: 'boolean' }, lamp: { type: 'string', multiple: true },
  },
});
const shared = join(import.meta.dirname, '../../../shared/datasets');
const devDir = resolve(args.dev ?? join(shared, 'clothing-dev'));
const trainDir = resolve(args.train ?? join(shared, 'clothing-train'));
const CONTRIBUTORS = Number(args.contributors ?? 4);
const SEED = Number(args.seed ?? 21);
const C = TRAINING_CLASSES.length;
const backbonePath = join(SHIPPED_MODELS_DIR, BACKBONE_FILE);
const shipped = JSON.parse(readFileSync(join(SHIPPED_MODELS_DIR, HEAD_FILE), 'utf8')) as SoftmaxHead & { training: { shrink: number; temperature: number } };

const pct = (a: number, n: number) => (n ? `${((100 * a) / n).toFixed(1)}%` : '-').padStart(6);
const categoryOf = (r: LabelledPhoto) => categoryOfDatasetClass(r.label) ?? r.label;

/** One photo as the analyser sees it: the classifier's top 3 (all the vote keeps) and the memory vector. */
function streamPhoto(id: string, x: Float32Array, head: SoftmaxHead, category: string, logitWeight?: number): StreamPhoto {
  const p = headProbabilities(head, x, C);
  const generic = head.classes.map((c, i) => ({ category: c, score: p[i] })).sort((a, b) => b.score - a.score).slice(0, 3);
  return { id, generic, vector: projectHeadInput(x, head, logitWeight), category };
}

function printBlocks(title: string, { blocks, record, trust }: ReturnType<typeof runPrequential>) {
  console.log(`\n${title}`);
  console.log('  block        photos  generic  +memory  decided by memory');
  for (const b of blocks) console.log(`  ${b.name.padEnd(11)} ${String(b.n).padStart(6)}   ${pct(b.generic, b.n)}   ${pct(b.memory, b.n)}   ${String(b.decidedByMemory).padStart(4)}`);
  const n = blocks.reduce((s, b) => s + b.n, 0);
  console.log(`  whole stream ${String(n).padStart(5)}   ${pct(blocks.reduce((s, b) => s + b.generic, 0), n)}   ${pct(blocks.reduce((s, b) => s + b.memory, 0), n)}`);
  console.log(`  record at the end: memory won ${record.memoryWon.toFixed(2)}, classifier won ${record.genericWon.toFixed(2)} of their disagreements (weighted); trust ${trust.toFixed(2)}`);
}

// Exact agreement first and on its own, as issue 21 asks (a near miss still puts the wrong colour in the ad);
// "exact or near" beside it for comparison with the earlier figures.
function printColours(colours: ColourTally[]) {
  console.log(`\n  colour (primary; vote k ${COLOUR_VOTE.k}, sigma ${COLOUR_VOTE.sigma} ΔE, reach ${COLOUR_VOTE.reach} ΔE, beta ${COLOUR_VOTE.beta})`);
  console.log('  block          photos   exact: pixels  +memory   exact or near: pixels  +memory   memory changed');
  const row = (name: string, n: number, g: ColourTally['generic'], m: ColourTally['memory'], changed: number) =>
    console.log(`  ${name.padEnd(14)} ${String(n).padStart(6)}          ${pct(g.exact, n)}   ${pct(m.exact, n)}                  ${pct(g.exact + g.near, n)}   ${pct(m.exact + m.near, n)}   ${String(changed).padStart(5)}`);
  for (const c of colours) row(c.name, c.n, c.generic, c.memory, c.changed);
  const sum = (k: 'generic' | 'memory') => ({ exact: colours.reduce((a, c) => a + c[k].exact, 0), near: colours.reduce((a, c) => a + c[k].near, 0), miss: colours.reduce((a, c) => a + c[k].miss, 0) });
  row('whole stream', colours.reduce((a, c) => a + c.n, 0), sum('generic'), sum('memory'), colours.reduce((a, c) => a + c.changed, 0));
}

/** The simulated lamps of --lamp: per-channel gain and offset (sharp's linear), as in the colour memory's test. */
const LAMPS: Record<string, { a: number[]; b: number[] }> = {
  blue: { a: [0.8, 0.9, 1.35], b: [0, 2, 14] },
  warm: { a: [1.2, 1.0, 0.7], b: [10, 4, 0] },
};

/** The dev photos' colour readings under a lamp (the category part is not re-run: only colour is scored). */
async function underLamp(stream: StreamPhoto[], lamp: string): Promise<StreamPhoto[]> {
  const l = LAMPS[lamp];
  if (!l) throw new Error(`--lamp ${lamp}: one of ${Object.keys(LAMPS).join(', ')}`);
  const out: StreamPhoto[] = [];
  for (const p of stream) {
    if (!p.colour) { out.push(p); continue; }
    const cast = await sharp(join(devDir, p.id)).rotate().linear(l.a, l.b).jpeg({ quality: 90 }).toBuffer();
    const measured = dominantColours(await decodeForAnalysis(cast));
    out.push({ ...p, seenColour: measured.primary, lab: garmentLab(measured) });
  }
  return out;
}

async function devStream(bb: Awaited<ReturnType<typeof openBackbone>>) {
  const rows = readLabels(devDir);
  const colours = readColourLabels(devDir);
  const { flat, dim } = await headInputs(bb, backbonePath, devDir, rows.map((r) => r.file), 1);
  const stream: StreamPhoto[] = [];
  for (const [i, r] of rows.entries()) {
    const p = streamPhoto(r.file, flat.subarray(i * dim, (i + 1) * dim), shipped, categoryOf(r));
    const truth = colours?.get(r.file);
    if (truth) {
      const measured = dominantColours(await decodeForAnalysis(join(devDir, r.file)));
      p.seenColour = measured.primary;
      p.lab = garmentLab(measured);
      p.colour = colourKeyOfLabel(truth.colour);
    }
    stream.push(p);
  }
  const verdict = (predicted: string, p: StreamPhoto) => scoreColour(predicted, colours!.get(p.id)!);
  return { stream: seededOrder(stream, SEED), verdict: colours ? verdict : undefined };
}

/** The training photos (3 views each, as the classifier is trained) and a leave-one-contributor-out stream maker. */
async function trainingSet(bb: Awaited<ReturnType<typeof openBackbone>>) {
  const rows = readLabels(trainDir);
  const VIEWS = 3;
  const { flat, dim } = await headInputs(bb, backbonePath, trainDir, rows.map((r) => r.file), VIEWS, (n) => console.log(`  features ${n}/${rows.length}`));
  const classIndex = new Map<string, number>(TRAINING_CLASSES.map((c, i) => [c.category, i]));
  const groups = new Map<string, LabelledPhoto[]>();
  for (const r of rows) groups.set(r.sender, [...(groups.get(r.sender) ?? []), r]);
  const bySize = [...groups.entries()].sort((a, b) => b[1].length - a[1].length || a[0].localeCompare(b[0]));
  // The re-trained heads are cached beside the features (an LDA fit is ~1 min on a busy machine).
  const headWithout = (sender: string): SoftmaxHead => {
    const file = join(tmpdir(), `vintedbot-loco-head-${createHash('sha256').update(flat.subarray(0, 4096)).update(`${flat.length}|${sender}|${shipped.training.shrink}|${shipped.training.temperature}`).digest('hex').slice(0, 16)}.json`);
    if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8')) as SoftmaxHead;
    const X: Float32Array[] = [], y: number[] = [];
    rows.forEach((r, i) => {
      if (r.sender === sender) return;
      for (let v = 0; v < VIEWS; v++) { X.push(flat.subarray((i * VIEWS + v) * dim, (i * VIEWS + v + 1) * dim)); y.push(classIndex.get(categoryOf(r))!); }
    });
    const m = ldaHead(scatterStats(X, y, C, { balanced: true }), C, shipped.training.shrink, shipped.training.temperature);
    const head: SoftmaxHead = { classes: shipped.classes, mean: Array.from(m.mean), weights: Array.from(m.weights), bias: Array.from(m.bias) };
    writeFileSync(file, JSON.stringify(head));
    return head;
  };
  const streamWithout = (sender: string, logitWeight?: number): StreamPhoto[] => {
    const head = headWithout(sender);
    const mine = rows.map((r, i) => ({ r, i })).filter(({ r }) => r.sender === sender);
    return seededOrder(mine.map(({ r, i }) => streamPhoto(r.file, flat.subarray(i * VIEWS * dim, (i * VIEWS + 1) * dim), head, categoryOf(r), logitWeight)), SEED);
  };
  return { bySize, streamWithout };
}

async function main() {
  const t0 = performance.now();
  const bb = await openBackbone(backbonePath);
  console.log(`seller's memory, prequential protocol (seed ${SEED}; vote k ${MEMORY_VOTE.k}, tau ${MEMORY_VOTE.tau}, beta ${MEMORY_VOTE.beta})`);
  const dev = await devStream(bb);
  const a = runPrequential(dev.stream, { colourVerdict: dev.verdict });
  printBlocks(`(a) ${devDir}: ${dev.stream.length} photos as one stream, shipped classifier`, a);
  if (a.colours.length) printColours(a.colours);
  else console.log('\n  colour: no colours.csv in the dev folder, not scored');
  for (const lamp of args.lamp ?? []) {
    const lit = runPrequential(await underLamp(dev.stream, lamp), { colourVerdict: dev.verdict });
    console.log(`\n(a') the same stream under a simulated '${lamp}' lamp (a fixed colour cast on every photo: one seller's light)`);
    printColours(lit.colours);
  }
  if (args['dev-only']) return console.log(`\ndone in ${((performance.now() - t0) / 1000).toFixed(0)} s`);
  const train = await trainingSet(bb);
  if (args.tune) {
    const grid: MemoryVoteParams[] = [];
    for (const tau of [0.05, 0.1, 0.2, 0.4]) for (const beta of [0.5, 2]) grid.push({ k: 10, tau, beta });
    const tuning = train.bySize.slice(CONTRIBUTORS, CONTRIBUTORS + 4);
    for (const logitWeight of [0.5, 0.8, 1]) {
      const streams = tuning.map(([s]) => train.streamWithout(s, logitWeight));
      console.log(`\ntuning on contributors ${tuning.map(([s, r]) => `${s} (${r.length})`).join(', ')}, logit weight ${logitWeight}: whole-stream top-1, generic ${pct(streams.flat().filter((p) => p.generic[0].category === p.category).length, streams.flat().length)}`);
      for (const params of grid) {
        const ok = streams.map((s) => runPrequential(s, { params }).blocks.reduce((a, b) => a + b.memory, 0)).reduce((a, b) => a + b, 0);
        console.log(`  k ${params.k} tau ${params.tau} beta ${params.beta}: ${pct(ok, streams.flat().length)}`);
      }
    }
    // The trust gate (memory-vote.ts trustOf) on and off, over every further contributor with 10 photos or more.
    const wider = train.bySize.slice(CONTRIBUTORS).filter(([, r]) => r.length >= 10);
    const tally = { n: 0, generic: 0, off: 0, on: 0 };
    for (const [s] of wider) {
      const stream = train.streamWithout(s);
      const sum = (r: ReturnType<typeof runPrequential>) => r.blocks.reduce((a, b) => a + b.memory, 0);
      const off = sum(runPrequential(stream, { gate: false })), on = sum(runPrequential(stream));
      const generic = stream.filter((p) => p.generic[0].category === p.category).length;
      Object.assign(tally, { n: tally.n + stream.length, generic: tally.generic + generic, off: tally.off + off, on: tally.on + on });
      console.log(`  contributor ${s} (${stream.length}): generic ${pct(generic, stream.length)}, memory without trust ${pct(off, stream.length)}, with trust ${pct(on, stream.length)}`);
    }
    console.log(`  ${wider.length} contributors, ${tally.n} photos: generic ${pct(tally.generic, tally.n)}, memory without trust ${pct(tally.off, tally.n)}, with trust ${pct(tally.on, tally.n)}`);
  }
  console.log(`\n(b) colour is not scored on ${trainDir}: it has no colour labels (only clothing-dev has colours.csv)`);
  for (const [sender, photos] of train.bySize.slice(0, CONTRIBUTORS)) {
    const t = performance.now();
    const r = runPrequential(train.streamWithout(sender));
    printBlocks(`(b) contributor ${sender} of ${trainDir}: ${photos.length} photos, classifier re-trained without them (${((performance.now() - t) / 1000).toFixed(0)} s)`, r);
  }
  console.log(`\ndone in ${((performance.now() - t0) / 1000).toFixed(0)} s`);
}

await main();
