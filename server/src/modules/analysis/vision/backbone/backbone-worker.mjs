// The backbone's worker thread: opens the ONNX file it is given and runs it for the main thread, so the 10–20 ms of
// each photo's network run never hold the server's event loop (onnxruntime-node runs a session synchronously on the
// thread that calls it). Plain JavaScript on purpose: a worker starts without the TypeScript loader the app runs under.
// Messages in: { id, input: Float32Array, dims, outputs }; out: { type: 'ready', inputNames, outputNames } once, then
// { id, outputs: { name: Float32Array } } or { id, error } per run.
import { parentPort, workerData } from 'node:worker_threads';

const load = async () => {
  const m = await import('onnxruntime-node');
  return m.default?.InferenceSession ? m.default : m;
};

try {
  const ort = await load();
  const session = await ort.InferenceSession.create(workerData.file, { intraOpNumThreads: 1, interOpNumThreads: 1, graphOptimizationLevel: 'all' });
  parentPort.on('message', async ({ id, input, dims, outputs }) => {
    try {
      const res = await session.run({ [session.inputNames[0]]: new ort.Tensor('float32', input, dims) }, outputs);
      const out = {};
      // Copies: the runtime's output buffers are its own, and a copy can be handed over without another one.
      for (const name of outputs) out[name] = Float32Array.from(res[name].data);
      parentPort.postMessage({ id, outputs: out }, Object.values(out).map((a) => a.buffer));
    } catch (err) {
      parentPort.postMessage({ id, error: String(err?.message ?? err) });
    }
  });
  parentPort.postMessage({ type: 'ready', inputNames: session.inputNames, outputNames: session.outputNames });
} catch (err) {
  parentPort.postMessage({ type: 'failed', error: String(err?.message ?? err) });
}
