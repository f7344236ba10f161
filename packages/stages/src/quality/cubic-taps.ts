/**
 * OpenCV's INTER_CUBIC taps for BRISQUE's half scale (reference/brisque.md §2.4), fed to the
 * quality graph as inputs: indices, float32 weights and which columns OpenCV's SIMD loop sums.
 */

/** Taps along one axis: 4 clamped source indices and 4 float32 weights per output position. */
export interface AxisTaps {
  readonly index: BigInt64Array;
  readonly weight: Float32Array;
}

const f = Math.fround;
const A = -0.75;

/** float32 cubic weights for fractional offset `t` (OpenCV's interpolateCubic, no FMA). */
function cubicWeights(t: number): [number, number, number, number] {
  const x1 = f(t + 1);
  const w0 = f(f(f(f(f(f(A * x1) - f(5 * A)) * x1) + f(8 * A)) * x1) - f(4 * A));
  const w1 = f(f(f(f(f(f(A + 2) * t) - f(A + 3)) * t) * t) + 1);
  const u = f(1 - t);
  const w2 = f(f(f(f(f(f(A + 2) * u) - f(A + 3)) * u) * u) + 1);
  const w3 = f(f(f(1 - w0) - w1) - w2);
  return [w0, w1, w2, w3];
}

/** Taps for resizing an axis of `src` pixels to `dst` pixels, tap-major ([4][dst]). */
export function toAxisTaps(src: number, dst: number): AxisTaps {
  const index = new BigInt64Array(4 * dst);
  const weight = new Float32Array(4 * dst);
  const inv = dst / src;
  const scale = 1 / inv;
  for (let d = 0; d < dst; d++) {
    const pos = f((d + 0.5) * scale - 0.5);
    const base = Math.floor(pos);
    const weights = cubicWeights(f(pos - base));
    for (let k = 0; k < 4; k++) {
      index[k * dst + d] = BigInt(Math.min(Math.max(base - 1 + k, 0), src - 1));
      weight[k * dst + d] = weights[k] ?? 0;
    }
  }
  return { index, weight };
}

/** Columns OpenCV's vertical pass sums in 4-lane SIMD (x < 4·⌊dw/4⌋) marked 1. */
export function toSimdMask(dstWidth: number): Uint8Array {
  const mask = new Uint8Array(dstWidth);
  mask.fill(1, 0, dstWidth - (dstWidth % 4));
  return mask;
}
