/**
 * The only module that imports onnxruntime-node. It opens sessions on the first execution provider
 * that loads (falling through on failure, with the reason recorded) and runs them with plain typed
 * arrays, so nothing else needs ORT's types.
 */
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

/**
 * Opens `model` (a file path or the model's bytes) on the first provider of `providers` that loads.
 * Fails with `SCORING_FAILED` (listing every attempt) when none does.
 */
export async function openOnnxSession(model: string | Uint8Array, options: OpenSessionOptions): Promise<OnnxSession> {
  ort.env.logLevel = 'fatal';
  const attempts: ProviderAttempt[] = [];
  for (const provider of options.providers) {
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
