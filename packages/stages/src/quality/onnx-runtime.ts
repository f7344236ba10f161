/**
 * The only module that imports onnxruntime-node (with onnx-worker.mjs, its half in worker threads).
 * It opens sessions on the first execution provider that loads (falling through on failure, with
 * the reason recorded), or a pool of CPU sessions in worker threads, and runs them with plain typed
 * arrays, so nothing else needs ORT's types.
 */
import fs from 'node:fs';
import { Worker } from 'node:worker_threads';
import ort from 'onnxruntime-node';
import { ProofsheetError } from '@proofsheet/core';

/** Execution providers Proofsheet knows how to ask for (config `quality.providers`). */
export type ExecutionProvider = 'cuda' | 'webgpu' | 'cpu';

/** One attempt to open a session on a provider. */
export interface ProviderAttempt {
  readonly provider: ExecutionProvider;
  readonly ok: boolean;
  /** Why it did not load (first line of ORT's message), absent when it loaded. */
  readonly reason?: string;
}

/** Tensor data the quality code feeds and reads. */
export type TensorData = Uint8Array | Float32Array | Float64Array | BigInt64Array | Int32Array;

/** A named input: element type, data and shape. */
export interface FeedTensor {
  readonly type: 'uint8' | 'float32' | 'float64' | 'int64' | 'int32' | 'bool';
  readonly data: TensorData;
  readonly dims: readonly number[];
}

/** An output tensor: data (typed array) and shape. */
export interface OutputTensor {
  readonly data: TensorData;
  readonly dims: readonly number[];
}

/** An open inference session on one provider. */
export interface OnnxSession {
  readonly provider: ExecutionProvider;
  readonly attempts: readonly ProviderAttempt[];
  readonly inputNames: readonly string[];
  readonly outputNames: readonly string[];
  run(feeds: Readonly<Record<string, FeedTensor>>): Promise<Record<string, OutputTensor>>;
  close(): Promise<void>;
}

/** Options of {@link openOnnxSession}. */
export interface OpenSessionOptions {
  /** Providers in order of preference; the first that loads wins. */
  readonly providers: readonly ExecutionProvider[];
  /** Threads for one operator (ORT's intra-op pool); ORT's default when absent. */
  readonly intraOpThreads?: number;
}

/** Where Debian, Ubuntu, Fedora and Arch put the Vulkan loader; `/etc/ld.so.cache` lists the rest. */
const VULKAN_DIRS = ['/usr/lib/x86_64-linux-gnu', '/usr/lib/aarch64-linux-gnu', '/usr/lib64', '/usr/lib', '/lib/x86_64-linux-gnu', '/lib64'];

/**
 * On Linux, WebGPU (Dawn) needs the Vulkan loader `libvulkan.so.1`. Without it Dawn writes a
 * "Couldn't load Vulkan" warning straight to the process's stderr (native code, past any JS
 * logger) every time a session tries the provider; a machine without a GPU stack would print it on
 * every run. So the loader is looked for first, and its absence is recorded as the attempt's reason
 * (shown by `doctor`, `score --json` and the run log) without asking Dawn. Null: go ahead.
 */
function findMissingVulkanLoader(): string | null {
  if (process.platform !== 'linux') return null;
  if (VULKAN_DIRS.some((dir) => fs.existsSync(`${dir}/libvulkan.so.1`))) return null;
  try {
    if (fs.readFileSync('/etc/ld.so.cache').includes('libvulkan.so.1')) return null;
  } catch {
    // no linker cache: the directories above were the whole search
  }
  return 'no Vulkan loader (libvulkan.so.1) on this machine; install the Vulkan loader to use WebGPU (npm run setup:gpu)';
}

/**
 * Opens `model` (a file path or the model's bytes) on the first provider of `providers` that loads.
 * Fails with `SCORING_FAILED` (listing every attempt) when none does.
 */
export async function openOnnxSession(model: string | Uint8Array, options: OpenSessionOptions): Promise<OnnxSession> {
  ort.env.logLevel = 'fatal';
  const attempts: ProviderAttempt[] = [];
  for (const provider of options.providers) {
    const missing = provider === 'webgpu' ? findMissingVulkanLoader() : null;
    if (missing !== null) {
      attempts.push({ provider, ok: false, reason: missing });
      continue;
    }
    try {
      const session = await ort.InferenceSession.create(model as string, {
        executionProviders: [provider],
        logSeverityLevel: 3,
        ...(options.intraOpThreads === undefined ? {} : { intraOpNumThreads: options.intraOpThreads }),
      });
      attempts.push({ provider, ok: true });
      return wrapSession(session, provider, attempts);
    } catch (error) {
      attempts.push({ provider, ok: false, reason: firstLine(error) });
    }
  }
  throw new ProofsheetError('SCORING_FAILED', `no ONNX execution provider loaded (${describeAttempts(attempts)})`, {
    details: { attempts },
  });
}

/** "cuda: <reason>; cpu: ok" — for logs and `quality_detail`. */
export function describeAttempts(attempts: readonly ProviderAttempt[]): string {
  return attempts.map((a) => `${a.provider}: ${a.ok ? 'ok' : (a.reason ?? 'failed')}`).join('; ');
}

/** The execution providers this onnxruntime-node build lists (bundled or not). */
export function listOnnxBackends(): { name: string; bundled: boolean }[] {
  return ort.listSupportedBackends().map((b) => ({ name: b.name, bundled: b.bundled }));
}

function wrapSession(session: ort.InferenceSession, provider: ExecutionProvider, attempts: readonly ProviderAttempt[]): OnnxSession {
  return {
    provider,
    attempts,
    inputNames: session.inputNames,
    outputNames: session.outputNames,
    async run(feeds) {
      const tensors: Record<string, ort.Tensor> = {};
      for (const [name, feed] of Object.entries(feeds)) {
        tensors[name] = new ort.Tensor(feed.type, feed.data as Float32Array, [...feed.dims]);
      }
      let results: ort.InferenceSession.OnnxValueMapType;
      try {
        results = await session.run(tensors);
      } catch (error) {
        throw new ProofsheetError('SCORING_FAILED', `ONNX inference failed on ${provider}: ${firstLine(error)}`, {
          cause: error,
          details: { provider },
        });
      }
      const out: Record<string, OutputTensor> = {};
      for (const [name, value] of Object.entries(results)) {
        out[name] = { data: value.data as TensorData, dims: [...value.dims] };
        value.dispose();
      }
      return out;
    },
    async close() {
      await session.release();
    },
  };
}

/** ORT's message without its source location and assertion text, one line, at most 200 characters. */
function firstLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const line = (message.split('\n')[0] ?? message).trim();
  const reason = line.includes(' was false. ') ? line.slice(line.lastIndexOf(' was false. ') + 11) : line;
  return reason.replace(/^\/onnxruntime_src\/\S+ /, '').trim().slice(0, 200);
}

/** Options of {@link openOnnxWorkerPool}. */
export interface WorkerPoolOptions {
  /** Worker threads, each with its own single-threaded CPU session. */
  readonly workers: number;
}

interface PendingRun {
  readonly resolve: (out: Record<string, OutputTensor>) => void;
  readonly reject: (error: Error) => void;
}

interface PoolWorker {
  readonly thread: Worker;
  readonly pending: Map<number, PendingRun>;
}

type WorkerReply =
  | { type: 'ready'; inputNames: readonly string[]; outputNames: readonly string[] }
  | { type: 'failed'; message: string }
  | { id: number; outputs?: Record<string, OutputTensor>; error?: string };

/**
 * Opens `model` (a file path) on the CPU provider in `workers` worker threads (onnx-worker.mjs) and
 * returns a session whose runs go to the least busy worker, so runs issued together use every
 * core. A worker that dies fails its runs with `SCORING_FAILED` and is replaced for later ones.
 */
export async function openOnnxWorkerPool(model: string, options: WorkerPoolOptions): Promise<OnnxSession> {
  let closing = false;
  let names: { inputNames: readonly string[]; outputNames: readonly string[] } = { inputNames: [], outputNames: [] };
  let nextId = 0;
  const slots: Promise<PoolWorker>[] = [];
  // [0] stopping, [1] runs in flight (see onnx-worker.mjs): exiting mid-run would abort the process.
  const shared = new Int32Array(new SharedArrayBuffer(8));
  const drainOnExit = () => drainWorkers(shared, EXIT_DRAIN_MS);
  process.once('exit', drainOnExit);
  const spawn = (slot: number): Promise<PoolWorker> => {
    const thread = new Worker(new URL('./onnx-worker.mjs', import.meta.url), { workerData: { model, threads: 1, shared } });
    thread.unref();
    const worker: PoolWorker = { thread, pending: new Map() };
    const ready = new Promise<PoolWorker>((resolve, reject) => {
      thread.on('message', (m: WorkerReply) => {
        if ('type' in m) {
          if (m.type === 'ready') {
            names = { inputNames: m.inputNames, outputNames: m.outputNames };
            resolve(worker);
          }
          else reject(new ProofsheetError('SCORING_FAILED', `ONNX worker could not open the model: ${firstLine(m.message)}`));
          return;
        }
        const run = worker.pending.get(m.id);
        worker.pending.delete(m.id);
        if (m.outputs) run?.resolve(m.outputs);
        else run?.reject(new ProofsheetError('SCORING_FAILED', `ONNX inference failed on cpu: ${firstLine(m.error)}`, { details: { provider: 'cpu' } }));
      });
      thread.once('error', (error) => reject(new ProofsheetError('SCORING_FAILED', `ONNX worker thread failed: ${firstLine(error)}`, { cause: error })));
      thread.once('exit', (code) => {
        reject(new ProofsheetError('SCORING_FAILED', `ONNX worker thread exited (code ${code}) before it was ready`));
        for (const run of worker.pending.values()) run.reject(new ProofsheetError('SCORING_FAILED', `ONNX worker thread exited (code ${code})`));
        worker.pending.clear();
        if (!closing) slots[slot] = spawn(slot);
      });
    });
    ready.catch(() => undefined); // observed by run(); a replacement nobody awaits yet must not be "unhandled"
    return ready;
  };
  for (let slot = 0; slot < Math.max(1, options.workers); slot++) slots.push(spawn(slot));
  try {
    await Promise.all(slots);
  } catch (error) {
    closing = true;
    process.removeListener('exit', drainOnExit);
    await terminateAll(slots);
    throw error;
  }
  return {
    provider: 'cpu',
    attempts: [{ provider: 'cpu', ok: true }],
    ...names,
    async run(feeds) {
      if (closing) throw new ProofsheetError('SCORING_FAILED', 'the ONNX worker pool is closed');
      const workers = await Promise.all(slots);
      const worker = workers.reduce((best, w) => (w.pending.size < best.pending.size ? w : best));
      const id = nextId++;
      // Posting a view clones its whole buffer: a strip of a proxy would copy the entire proxy.
      // Views are copied to their own buffers, which are then moved, not cloned, to the worker.
      const own: Record<string, FeedTensor> = {};
      const transfer: ArrayBuffer[] = [];
      for (const [name, feed] of Object.entries(feeds)) {
        const whole = feed.data.byteOffset === 0 && feed.data.byteLength === feed.data.buffer.byteLength;
        const data = whole ? feed.data : feed.data.slice();
        if (!whole) transfer.push(data.buffer as ArrayBuffer);
        own[name] = { ...feed, data };
      }
      return new Promise((resolve, reject) => {
        worker.pending.set(id, { resolve, reject });
        worker.thread.postMessage({ id, feeds: own }, transfer);
      });
    },
    async close() {
      closing = true;
      process.removeListener('exit', drainOnExit);
      drainWorkers(shared, EXIT_DRAIN_MS);
      await terminateAll(slots);
    },
  };
}

/** How long an exiting process waits for runs in flight (a CPU strip takes well under a second). */
const EXIT_DRAIN_MS = 5_000;

/**
 * Stops the pool's workers from starting runs and blocks until none is in flight (at most
 * `limitMs`): called synchronously on process exit, when worker threads are torn down, and on close.
 */
function drainWorkers(shared: Int32Array, limitMs: number): void {
  Atomics.store(shared, 0, 1);
  const deadline = Date.now() + limitMs;
  for (let busy = Atomics.load(shared, 1); busy > 0 && Date.now() < deadline; busy = Atomics.load(shared, 1)) {
    Atomics.wait(shared, 1, busy, Math.max(1, deadline - Date.now()));
  }
}

async function terminateAll(slots: readonly Promise<PoolWorker>[]): Promise<void> {
  const workers = await Promise.allSettled(slots);
  await Promise.all(workers.map((w) => (w.status === 'fulfilled' ? w.value.thread.terminate() : undefined)));
}
