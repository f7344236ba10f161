// @ts-check
/**
 * The worker-thread half of onnx-runtime.ts (the owner of onnxruntime-node): one CPU inference
 * session per worker thread, so a pool of them runs a model on every core. onnxruntime-node runs
 * `session.run` synchronously on the calling thread and its own thread pool gains little on the
 * quality model's element-wise kernels; separate threads each running whole runs scale.
 *
 * Plain JavaScript on purpose: a worker thread does not inherit the parent's TypeScript loader.
 *
 * Exiting while onnxruntime is inside a run aborts the whole process (the addon throws a C++
 * exception when its thread is torn down mid-run), so runs are counted in shared memory: the
 * pool's exit handler raises `stopping` and waits until no run is in flight; a run asked for after
 * that is refused.
 *
 * Protocol: workerData = { model: string (path), threads: number, shared: Int32Array over a
 * SharedArrayBuffer, [0] stopping flag, [1] runs in flight }. The worker answers
 * { type: 'ready', inputNames, outputNames } or { type: 'failed', message }, then for each
 * { id, feeds } message
 * { id, outputs: { name: { data, dims } } } or { id, error }.
 */
import { parentPort, workerData } from 'node:worker_threads';
import ort from 'onnxruntime-node';

const port = parentPort;
if (port === null) throw new Error('onnx-worker.mjs must run as a worker thread');

ort.env.logLevel = 'fatal';
let session;
try {
  session = await ort.InferenceSession.create(workerData.model, {
    executionProviders: ['cpu'],
    intraOpNumThreads: workerData.threads,
    logSeverityLevel: 3,
  });
  port.postMessage({ type: 'ready', inputNames: session.inputNames, outputNames: session.outputNames });
} catch (error) {
  port.postMessage({ type: 'failed', message: error instanceof Error ? error.message : String(error) });
}

const shared = workerData.shared;
const STOPPING = 0;
const IN_FLIGHT = 1;

port.on('message', async ({ id, feeds }) => {
  // Counted before the flag is read: the exit handler raises the flag, then waits for 0.
  Atomics.add(shared, IN_FLIGHT, 1);
  try {
    if (Atomics.load(shared, STOPPING) === 1) throw new Error('the worker pool is closing (the process is exiting or the scorer was closed)');
    const tensors = {};
    for (const [name, feed] of Object.entries(feeds)) tensors[name] = new ort.Tensor(feed.type, feed.data, feed.dims);
    const results = await session.run(tensors);
    const outputs = {};
    for (const [name, value] of Object.entries(results)) outputs[name] = { data: value.data, dims: [...value.dims] };
    port.postMessage({ id, outputs });
  } catch (error) {
    port.postMessage({ id, error: error instanceof Error ? error.message : String(error) });
  } finally {
    Atomics.sub(shared, IN_FLIGHT, 1);
    Atomics.notify(shared, IN_FLIGHT);
  }
});
