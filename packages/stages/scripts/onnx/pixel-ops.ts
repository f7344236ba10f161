/**
 * Graph fragments for the pixel work: grey conversion (OpenCV's 15-bit fixed point), the technical
 * metrics (Laplacian variance, mean, std) and OpenCV's float32 Gaussian blur reproduced operation by
 * operation (reference/brisque.md §2.2, §2.5, §5).
 */
import { T, type GraphBuilder } from './builder.js';

const INT64_MAX = Number.MAX_SAFE_INTEGER;

/** `x[start:end]` along `axis`; `end` may be negative (counted from the end) or omitted. */
export function slice(b: GraphBuilder, x: string, axis: number, start: number, end?: number): string {
  return b.op('Slice', [x, b.i64([start]), b.i64([end ?? INT64_MAX]), b.i64([axis])]);
}

/** uint8 RGB [H,W,3] → int32 grey [H,W]: Y = (9798·R + 19235·G + 3735·B + 16384) >> 15. */
export function toGrey(b: GraphBuilder, rgb: string): string {
  const wide = b.op('Cast', [rgb], { to: T.int32 });
  const weights = b.const(T.int32, [3], [9798, 19235, 3735], 'grey_w');
  const sum = b.op('ReduceSum', [b.op('Mul', [wide, weights]), b.i64([2])], { keepdims: 0 });
  const rounded = b.op('Add', [sum, b.const(T.int32, [], [16384], 'grey_r')]);
  return b.op('Div', [rounded, b.const(T.int32, [], [32768], 'grey_s')]);
}

/** Mean and population variance of a double tensor over all elements: [mean, variance] scalars. */
export function meanAndVariance(b: GraphBuilder, x: string): [string, string] {
  const mean = b.op('ReduceMean', [x], { keepdims: 0 });
  const centred = b.op('Sub', [x, mean]);
  const variance = b.op('ReduceMean', [b.op('Mul', [centred, centred])], { keepdims: 0 });
  return [mean, variance];
}

/**
 * `cv2.Laplacian(grey, CV_64F)` (ksize 1: the 4-neighbour kernel, BORDER_REFLECT_101) on an
 * int32 grey image; returns the double Laplacian [H,W].
 */
export function laplacian(b: GraphBuilder, grey: string): string {
  const g = b.op('Cast', [grey], { to: T.double });
  const padded = b.op('Pad', [g, b.i64([1, 1, 1, 1])], { mode: 'reflect' });
  const rows = (start: number, end?: number) => slice(b, padded, 0, start, end);
  const centreRows = rows(1, -1);
  const up = slice(b, rows(0, -2), 1, 1, -1);
  const down = slice(b, rows(2), 1, 1, -1);
  const left = slice(b, centreRows, 1, 0, -2);
  const right = slice(b, centreRows, 1, 2);
  const centre = slice(b, centreRows, 1, 1, -1);
  const sum = b.op('Add', [b.op('Add', [b.op('Add', [up, down]), left]), right]);
  return b.op('Sub', [sum, b.op('Mul', [centre, b.f64(4)])]);
}

/** float32 fma(a, k, acc) emulated through double: f32(f64(a)·k + f64(acc)), k a float32 value. */
function fma(b: GraphBuilder, a: string, k: number, acc: string): string {
  const product = b.op('Mul', [b.op('Cast', [a], { to: T.double }), b.f64(Math.fround(k))]);
  return b.op('Cast', [b.op('Add', [product, b.op('Cast', [acc], { to: T.double })])], { to: T.float });
}

/** OpenCV's 7-tap kernel for σ = 7/6, rounded to float32 (brisque.md §2.5). */
export function gaussianKernel(): number[] {
  const sigma = 7 / 6;
  const e = [-3, -2, -1, 0, 1, 2, 3].map((x) => Math.exp(-(x * x) / (2 * sigma * sigma)));
  const s = ((e[6] ?? 0) + (e[5] ?? 0) + (e[4] ?? 0)) * 2 + 1;
  return e.map((v) => Math.fround(v / s));
}

/**
 * `GaussianBlur(x, 7×7, σ = 7/6, BORDER_REPLICATE)` on float32 [H,W], bit-exact with OpenCV's
 * AVX2+FMA path: row pass left to right with fused multiply-adds, column pass with symmetric pairs.
 */
export function gaussianBlur(b: GraphBuilder, x: string): string {
  const k = gaussianKernel();
  const kAt = (i: number) => k[i] ?? 0;
  const padded = b.op('Pad', [x, b.i64([3, 3, 3, 3])], { mode: 'edge' });
  const col = (t: number) => slice(b, padded, 1, t, t === 6 ? undefined : t - 6);
  let acc = b.op('Mul', [col(0), b.f32(kAt(0))]);
  for (let t = 1; t <= 6; t++) acc = fma(b, col(t), kAt(t), acc);
  const rows = acc;
  const row = (t: number) => slice(b, rows, 0, t, t === 6 ? undefined : t - 6);
  let out = b.op('Mul', [row(3), b.f32(kAt(3))]);
  for (let t = 1; t <= 3; t++) {
    const pair = b.op('Add', [row(3 + t), row(3 - t)]);
    out = fma(b, pair, kAt(3 + t), out);
  }
  return out;
}

/** MSCN map of float32 I [H,W] (brisque.md §2.5): NaN where the local variance is negative. */
export function mscn(b: GraphBuilder, image: string): string {
  const mu = gaussianBlur(b, image);
  const mu2 = b.op('Mul', [mu, mu]);
  const sigma2 = b.op('Sub', [gaussianBlur(b, b.op('Mul', [image, image])), mu2]);
  const sd = b.op('Add', [b.op('Sqrt', [sigma2]), b.f32(Math.fround(1 / 255))]);
  return b.op('Div', [b.op('Sub', [image, mu]), sd]);
}
