import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runProcess } from '../../../../../test/helpers/run-process.ts';
import { decodeForAnalysis, renderGarment } from '../testing/render.ts';
import { BackboneThread } from './backbone-thread.ts';
import { BACKBONE_FILE, backboneOutputs, openBackbone, SHIPPED_MODELS_DIR, toBackboneSize } from './feature-extractor.ts';

// The backbone runs on a worker thread: the same numbers as on the calling thread, while the event loop keeps
// turning (requests are answered during a photo's analysis), and a thread that was stopped is started again.

const FILE = join(SHIPPED_MODELS_DIR, BACKBONE_FILE);
const photo = async () => toBackboneSize(await decodeForAnalysis(await renderGarment({ background: [180, 170, 150], fill: '#203060' })));

/** How many turns the event loop made while `work` ran. */
async function turnsDuring(work: () => Promise<unknown>): Promise<number> {
  let turns = 0;
  let running = true;
  const spin = () => {
    if (!running) return;
    turns++;
    setImmediate(spin);
  };
  const done = work();
  setImmediate(spin);
  await done;
  running = false;
  return turns;
}

describe('the backbone on its own thread', () => {
  it('gives exactly the outputs of a run on the calling thread', async () => {
    const [worker, main] = await Promise.all([openBackbone(FILE), openBackbone(FILE, { thread: false })]);
    expect([worker.where, main.where]).toEqual(['worker', 'main']);
    expect(worker.outputNames).toEqual(main.outputNames);
    const p = await photo();
    const [a, b] = await Promise.all([backboneOutputs(worker, p, true), backboneOutputs(main, p, true)]);
    expect(a.map((x) => x.length)).toEqual(b.map((x) => x.length));
    a.forEach((out, i) => expect(Array.from(out)).toEqual(Array.from(b[i])));
  });

  it('leaves the event loop turning during a run, where the calling thread holds it for the whole run', async () => {
    const [worker, main] = await Promise.all([openBackbone(FILE), openBackbone(FILE, { thread: false })]);
    const p = await photo();
    expect(await turnsDuring(() => backboneOutputs(worker, p, true))).toBeGreaterThan(0);
    expect(await turnsDuring(() => backboneOutputs(main, p, true))).toBe(0);
  });

  it('starts a new thread for the next run once one was stopped, and refuses a file that is not a model', async () => {
    const { thread, names } = await BackboneThread.open(FILE);
    const p = await photo();
    const dims = [1, 3, p.height, p.width];
    const input = () => new Float32Array(3 * p.width * p.height).fill(0.1);
    const first = await thread.run(input(), dims, [names.outputNames[0]]);
    await thread.close();
    const again = await thread.run(input(), dims, [names.outputNames[0]]);
    expect(Array.from(again[names.outputNames[0]])).toEqual(Array.from(first[names.outputNames[0]]));
    await thread.close();
    await expect(BackboneThread.open(join(SHIPPED_MODELS_DIR, 'garment-head.json'))).rejects.toThrow();
  });

  it('lets a command line wait for the thread to load and run, then exit by itself', async () => {
    // Nothing else keeps such a process alive: an idle thread must not hold it, a loading or running one must.
    const script = join(mkdtempSync(join(tmpdir(), 'backbone-cli-')), 'run.mts');
    const extractor = pathToFileURL(join(import.meta.dirname, 'feature-extractor.ts')).href;
    writeFileSync(script, `import { backboneOutputs, openBackbone } from '${extractor}';
const bb = await openBackbone();
const out = await backboneOutputs(bb, { rgb: Buffer.alloc(192 * 192 * 3, 100), width: 192, height: 192 });
console.log('ran on the ' + bb.where + ' thread: ' + out[0].length + ' features');
`);
    const r = await runProcess(process.execPath, ['--import', 'tsx', script], { cwd: join(import.meta.dirname, '../../../../../..'), timeout: 60_000 });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain('ran on the worker thread: 1792 features');
  }, 90_000);
});
