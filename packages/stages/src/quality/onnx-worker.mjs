// @ts-check
/**
 * The worker-thread half of onnx-runtime.ts (the owner of onnxruntime-node): one CPU inference
 * session per worker thread, so a pool of them runs a model on every core. onnxruntime-node runs
 * `session.run` synchronously on the calling thread and its own thread pool gains little on the
 * quality model's element-wise kernels; separate threads each running whole runs scale.
 *
 * Plain JavaScript on purpose: a worker thread does not inherit the parent's TypeScript loader.
 *
 * Protocol: workerData = { model: string (path), threads: number }. The worker answers
 * { type: 'ready' } or { type: 'failed', message }, then for each { id, feeds } message
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
  port.postMessage({ type: 'ready' });
} catch (error) {
  port.postMessage({ type: 'failed', message: error instanceof Error ? error.message : String(error) });
}

port.on('message', async ({ id, feeds }) => {
  try {
    const tensors = {};
    for (const [name, feed] of Object.entries(feeds)) tensors[name] = new ort.Tensor(feed.type, feed.data, feed.dims);
    const results = await session.run(tensors);
    const outputs = {};
    for (const [name, value] of Object.entries(results)) outputs[name] = { data: value.data, dims: [...value.dims] };
    port.postMessage({ id, outputs });
  } catch (error) {
    port.postMessage({ id, error: error instanceof Error ? error.message : String(error) });
  }
});
