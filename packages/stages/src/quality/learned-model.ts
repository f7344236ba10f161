/**
 * Operator-supplied learned quality models (NIMA, CLIP-aesthetic) as ONNX files: preprocessing
 * from the proxy (resize, /255, mean/std, layout) and the output → 0–10 mapping from config.
 */
import { ProofsheetError } from '@proofsheet/core';
import { resizeRawImage, type RawImage } from '../media/sharp-media.js';
import type { OnnxSession } from './onnx-runtime.js';

/** How a learned model is fed and read (config `quality.models.<name>`). */
export interface LearnedModelSpec {
  readonly path: string;
  readonly inputSize: number;
  readonly mean: readonly number[];
  readonly std: readonly number[];
  readonly layout: 'nchw' | 'nhwc';
  /** `score_0_10`: one value already 0–10; `score_0_1`: one value ×10; `distribution_1_10`: 10 probabilities, mean rating. */
  readonly output: 'score_0_10' | 'score_0_1' | 'distribution_1_10';
}

/** Builds the float32 input tensor from RGB pixels already resized to size×size. */
export function toModelInput(image: RawImage, spec: LearnedModelSpec): Float32Array {
  const size = spec.inputSize;
  const plane = size * size;
  const out = new Float32Array(plane * 3);
  for (let p = 0; p < plane; p++) {
    for (let c = 0; c < 3; c++) {
      const value = ((image.data[p * 3 + c] ?? 0) / 255 - (spec.mean[c] ?? 0)) / (spec.std[c] ?? 1);
      out[spec.layout === 'nchw' ? c * plane + p : p * 3 + c] = value;
    }
  }
  return out;
}

/** Maps the model's raw output to a 0–10 score. */
export function toLearnedScore(values: ArrayLike<number>, mapping: LearnedModelSpec['output']): number {
  const clamp10 = (v: number) => Math.min(Math.max(v, 0), 10);
  if (mapping === 'distribution_1_10') {
    if (values.length !== 10) throw new ProofsheetError('SCORING_FAILED', `expected 10 probabilities, got ${values.length}`);
    let total = 0;
    let mean = 0;
    for (let i = 0; i < 10; i++) {
      const p = Number(values[i]);
      total += p;
      mean += p * (i + 1);
    }
    return clamp10(total > 0 ? mean / total : Number.NaN);
  }
  const first = Number(values[0]);
  return clamp10(mapping === 'score_0_1' ? first * 10 : first);
}

/** Runs a learned model on the proxy and returns its 0–10 score. */
export async function scoreLearned(session: OnnxSession, spec: LearnedModelSpec, proxy: RawImage): Promise<number> {
  const resized = await resizeRawImage(proxy, spec.inputSize, spec.inputSize, 'fill');
  const dims = spec.layout === 'nchw' ? [1, 3, spec.inputSize, spec.inputSize] : [1, spec.inputSize, spec.inputSize, 3];
  const inputName = session.inputNames[0];
  const outputName = session.outputNames[0];
  if (inputName === undefined || outputName === undefined) {
    throw new ProofsheetError('SCORING_FAILED', `learned model ${spec.path} has no input or output`);
  }
  const out = await session.run({ [inputName]: { type: 'float32', data: toModelInput(resized, spec), dims } });
  const values = out[outputName]?.data;
  if (values === undefined || values instanceof BigInt64Array) {
    throw new ProofsheetError('SCORING_FAILED', `learned model ${spec.path} returned no float output`);
  }
  const score = toLearnedScore(values, spec.output);
  if (!Number.isFinite(score)) throw new ProofsheetError('SCORING_FAILED', `learned model ${spec.path} returned a non-number`);
  return Math.round(score * 1000) / 1000;
}
