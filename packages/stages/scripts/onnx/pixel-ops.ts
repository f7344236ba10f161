/**
 * Graph fragments for the pixel work: grey conversion (OpenCV's 15-bit fixed point), the technical
 * metrics' Laplacian and OpenCV's float32 Gaussian blur reproduced operation by operation
 * (reference/brisque.md §2.2, §2.5, §5). Written for onnxruntime's CPU kernels: every full-size
 * operation costs a pass over memory, so each fragment uses as few as exactness allows.
 */
import { T, type GraphBuilder } from './builder.js';

const INT64_MAX = Number.MAX_SAFE_INTEGER;

/** `x[start:end]` along `axis`; `end` may be negative (counted from the end) or omitted. */
export function slice(b: GraphBuilder, x: string, axis: number, start: number, end?: number): string {
  return b.op('Slice', [x, b.i64([start]), b.i64([end ?? INT64_MAX]), b.i64([axis])]);
}

/**
 * uint8 RGB [H,W,3] → float32 grey [H,W] holding OpenCV's integer Y = (9798·R + 19235·G + 3735·B +
 * 16384) >> 15. Exact in float32: every partial sum is an integer below 2^24. Einsum is the one
 * onnxruntime kernel that reduces the interleaved channel axis without a slow broadcast.
 */
export function toGrey(b: GraphBuilder, rgb: string): string {
  const weights = b.const(T.float, [3], [9798, 19235, 3735], 'grey_w');
  const sum = b.op('Einsum', [b.op('Cast', [rgb], { to: T.float }), weights], { equation: 'hwc,c->hw' });
  return b.op('Floor', [b.op('Mul', [b.op('Add', [sum, b.f32(16384)]), b.f32(2 ** -15)])]);
}

/** Sum and sum of squares of a float32 tensor, accumulated in double: [Σx, Σx²] scalars. */
export function sums(b: GraphBuilder, x: string): [string, string] {
  const xd = b.op('Cast', [x], { to: T.double });
  return [b.op('ReduceSum', [b.op('Reshape', [xd, b.i64([-1])]), b.i64([0])], { keepdims: 0 }), b.op('ReduceSumSquare', [xd], { keepdims: 0 })];
}

/**
 * `cv2.Laplacian(grey, CV_64F)` (ksize 1: the 4-neighbour kernel) of a float32 integer grey image
 * whose border rows and columns are already padded (BORDER_REFLECT_101): the result has two rows
 * and two columns fewer. Exact in float32 (integers below 2^11).
 */
export function laplacianOfPadded(b: GraphBuilder, padded: string): string {
  const rows = (start: number, end?: number) => slice(b, padded, 0, start, end);
  const centreRows = rows(1, -1);
  const up = slice(b, rows(0, -2), 1, 1, -1);
  const down = slice(b, rows(2), 1, 1, -1);
  const left = slice(b, centreRows, 1, 0, -2);
  const right = slice(b, centreRows, 1, 2);
  const centre = slice(b, centreRows, 1, 1, -1);
  const sum = b.op('Add', [b.op('Add', [b.op('Add', [up, down]), left]), right]);
  return b.op('Sub', [sum, b.op('Mul', [centre, b.f32(4)])]);
}

/** OpenCV's 7-tap kernel for σ = 7/6, rounded to float32 (brisque.md §2.5). */
export function gaussianKernel(): number[] {
  const sigma = 7 / 6;
  const e = [-3, -2, -1, 0, 1, 2, 3].map((x) => Math.exp(-(x * x) / (2 * sigma * sigma)));
  const s = ((e[6] ?? 0) + (e[5] ?? 0) + (e[4] ?? 0)) * 2 + 1;
  return e.map((v) => Math.fround(v / s));
}

/** Rounds a double tensor to float32 and back (the rounding step of an emulated float32 FMA). */
const toF32 = (b: GraphBuilder, x: string) => b.op('Cast', [x], { to: T.float });
const toF64 = (b: GraphBuilder, x: string) => b.op('Cast', [x], { to: T.double });

/**
 * float32 fma(a, k, acc) with a and acc given in double (holding float32 values):
 * f32(a·k + acc). a·k is exact in double (24 × 24 bits); the sum rounds once more, to float32.
 * Returns the float32 result.
 */
function fmaD(b: GraphBuilder, a: string, k: number, acc: string): string {
  return toF32(b, b.op('Add', [b.op('Mul', [a, b.f64(Math.fround(k))]), acc]));
}

/**
 * `GaussianBlur(x, 7×7, σ = 7/6, BORDER_REPLICATE)` of a float32 image whose rows are already
 * padded by 3 on each side (`x` is [H+6, W]); columns are padded here. Bit-exact with OpenCV's
 * AVX2+FMA path: row pass left to right with fused multiply-adds, column pass with symmetric pairs.
 * Returns float32 [H, W].
 */
export function gaussianBlurRowsPadded(b: GraphBuilder, x: string): string {
  const k = gaussianKernel();
  const kAt = (i: number) => k[i] ?? 0;
  const padded = toF64(b, b.op('Pad', [x, b.i64([0, 3, 0, 3])], { mode: 'edge' }));
  const col = (t: number) => slice(b, padded, 1, t, t === 6 ? undefined : t - 6);
  let acc = toF32(b, b.op('Mul', [col(0), b.f64(kAt(0))]));
  for (let t = 1; t <= 6; t++) acc = fmaD(b, col(t), kAt(t), toF64(b, acc));
  const rows = acc;
  const row = (t: number) => slice(b, rows, 0, t, t === 6 ? undefined : t - 6);
  let out = b.op('Mul', [row(3), b.f32(kAt(3))]);
  for (let t = 1; t <= 3; t++) {
    const pair = b.op('Add', [row(3 + t), row(3 - t)]);
    out = fmaD(b, toF64(b, pair), kAt(3 + t), toF64(b, out));
  }
  return out;
}

/**
 * MSCN map (brisque.md §2.5) of float32 I whose rows are padded by 3 on each side ([H+6, W]):
 * (I − μ) / (σ + 1/255) as float32 [H, W]. Where OpenCV's local variance is negative its MSCN value
 * is NaN; here it is 0 instead. Both are left out of every AGGD statistic and both make every
 * neighbour product that uses them drop out too (NaN·x is NaN, 0·x is 0), so the features are the
 * same, and no later step has to test for NaN.
 */
export function mscnRowsPadded(b: GraphBuilder, imagePadded: string): string {
  const image = slice(b, imagePadded, 0, 3, -3);
  const mu = gaussianBlurRowsPadded(b, imagePadded);
  const blurOfSquare = gaussianBlurRowsPadded(b, b.op('Mul', [imagePadded, imagePadded]));
  const variance = b.op('Sub', [blurOfSquare, b.op('Mul', [mu, mu])]);
  const sd = b.op('Add', [b.op('Sqrt', [variance]), b.f32(Math.fround(1 / 255))]);
  const x = b.op('Div', [b.op('Sub', [image, mu]), sd]);
  return b.op('Where', [b.op('IsNaN', [x]), b.f32(0), x]);
}
