/**
 * Reads OpenCV's BRISQUE LIVE model (`brisque_model_live.yml`, `brisque_range_live.yml`, OpenCV
 * FileStorage YAML) with a few regexes: the files are not valid YAML 1.1/1.2.
 */
import { readFileSync } from 'node:fs';

/** What the BRISQUE SVR needs at predict time. */
export interface LiveModel {
  /** 774 × 36 support vectors, row-major, as float32 values. */
  readonly supportVectors: Float32Array;
  readonly svCount: number;
  /** One alpha per support vector (double). */
  readonly alpha: Float64Array;
  readonly rho: number;
  readonly gamma: number;
  /** Per-feature minima and maxima (float32). */
  readonly rangeLo: Float32Array;
  readonly rangeHi: Float32Array;
}

const NUMBER = /[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?/g;

function numbersIn(text: string): number[] {
  return (text.match(NUMBER) ?? []).map(Number);
}

function section(text: string, start: string, end: string): string {
  const from = text.indexOf(start);
  const to = text.indexOf(end, from + start.length);
  if (from < 0 || to < 0) throw new Error(`LIVE model: section ${start} not found`);
  return text.slice(from + start.length, to);
}

function scalar(text: string, key: string): number {
  const match = new RegExp(`\\b${key}:\\s*(${NUMBER.source})`).exec(text);
  if (match?.[1] === undefined) throw new Error(`LIVE model: key ${key} not found`);
  return Number(match[1]);
}

/** Parses the two LIVE files. */
export function readLiveModel(modelFile: string, rangeFile: string): LiveModel {
  const model = readFileSync(modelFile, 'utf8');
  const varCount = scalar(model, 'var_count');
  const svCount = scalar(model, 'sv_total');
  const gamma = scalar(model, 'gamma');
  const sv = numbersIn(section(model, 'support_vectors:', 'decision_functions:'));
  const decision = model.slice(model.indexOf('decision_functions:'));
  const rho = scalar(decision, 'rho');
  const alpha = numbersIn(section(decision, 'alpha:', ']'));
  if (varCount !== 36 || sv.length !== svCount * 36 || alpha.length !== svCount) {
    throw new Error(`LIVE model: unexpected sizes (var_count ${varCount}, sv ${sv.length}, alpha ${alpha.length})`);
  }
  const range = numbersIn(section(readFileSync(rangeFile, 'utf8'), 'data:', ']'));
  if (range.length !== 72) throw new Error(`LIVE range: expected 72 numbers, got ${range.length}`);
  return {
    supportVectors: Float32Array.from(sv),
    svCount,
    alpha: Float64Array.from(alpha),
    rho,
    gamma,
    rangeLo: Float32Array.from(range.slice(0, 36)),
    rangeHi: Float32Array.from(range.slice(36)),
  };
}
