/**
 * Cuts a proxy into the horizontal strips the quality model scores one at a time, and computes each
 * strip's inputs: which rows it owns, the halo rows its windows need (the 7×7 Gaussian, the
 * Laplacian, the neighbour products and the half-scale cubic taps), and how to pad the rows that
 * fall outside the image the way OpenCV's borders do. Owning rows [r0, r1) and half-scale rows
 * [r0/2, r1/2), every strip adds exactly its share to every sum, so the sums of all strips equal
 * the sums over the whole image.
 */
import { toAxisTaps, toSimdMask, type AxisTaps } from './cubic-taps.js';
import type { FeedTensor } from './onnx-runtime.js';

/** Rows of Gaussian halo (3) plus one row of neighbour products, at each scale. */
const MSCN_HALO = 4;

/** One strip: the proxy rows [start, end) it reads and its model inputs (without `rgb`). */
export interface Strip {
  readonly start: number;
  readonly end: number;
  readonly feeds: Readonly<Record<string, FeedTensor>>;
}

const range = (start: number, end: number): FeedTensor => ({ type: 'int64', data: BigInt64Array.of(BigInt(start), BigInt(end)), dims: [2] });
const pads = (top: number, side: number, bottom: number): FeedTensor => ({
  type: 'int64',
  data: BigInt64Array.of(BigInt(top), BigInt(side), BigInt(bottom), BigInt(side)),
  dims: [4],
});

/** 1 for the rows of [first, first + count) inside [0, limit), else 0, as float32 [count, 1]. */
function rowMask(first: number, count: number, limit: number): FeedTensor {
  const data = new Float32Array(count);
  for (let i = 0; i < count; i++) data[i] = first + i >= 0 && first + i < limit ? 1 : 0;
  return { type: 'float32', data, dims: [count, 1] };
}

/** Taps of rows [from, to) of `taps` (tap-major, `length` per tap), with indices shifted by −offset. */
function tapRows(taps: AxisTaps, length: number, from: number, to: number, offset: number): { index: FeedTensor; weight: FeedTensor } {
  const n = to - from;
  const index = new BigInt64Array(4 * n);
  const weight = new Float32Array(4 * n);
  for (let k = 0; k < 4; k++) {
    for (let d = 0; d < n; d++) {
      index[k * n + d] = (taps.index[k * length + from + d] ?? 0n) - BigInt(offset);
      weight[k * n + d] = taps.weight[k * length + from + d] ?? 0;
    }
  }
  return { index: { type: 'int64', data: index, dims: [4, n] }, weight: { type: 'float32', data: weight, dims: [4, n, 1] } };
}

/**
 * Plans `count` strips of a `width`×`height` image, of nearly equal height (an even number of rows
 * each, the last taking what is left). Clamped to at most height/16 strips, so every strip owns at
 * least 14 rows; an image shorter than 32 rows is one strip.
 */
export function planStrips(width: number, height: number, count: number): Strip[] {
  const strips = Math.max(1, Math.min(Math.floor(count), Math.floor(height / 16)));
  const boundary = (s: number) => (s >= strips ? height : 2 * Math.floor((s * height) / (2 * strips)));
  const halfWidth = Math.floor(width / 2);
  const halfHeight = Math.floor(height / 2);
  const x = toAxisTaps(width, halfWidth);
  const y = toAxisTaps(height, halfHeight);
  const shared: Record<string, FeedTensor> = {
    half_x_index: { type: 'int64', data: x.index, dims: [4, halfWidth] },
    half_x_weight: { type: 'float32', data: x.weight, dims: [4, halfWidth, 1] },
    half_simd_mask: { type: 'bool', data: toSimdMask(halfWidth), dims: [halfWidth] },
  };
  const plan: Strip[] = [];
  for (let s = 0; s < strips; s++) {
    const r0 = boundary(s);
    const r1 = boundary(s + 1);
    const h0 = r0 / 2;
    const h1 = s === strips - 1 ? halfHeight : r1 / 2;
    // Scale 1: MSCN rows r0−1 … r1, which read image rows r0−4 … r1+3 (edge-replicated outside).
    const s1 = [Math.max(0, r0 - MSCN_HALO), Math.min(height, r1 + MSCN_HALO)] as const;
    // Laplacian of the owned rows: one row either side (reflected at the image's edges).
    const lap = [Math.max(0, r0 - 1), Math.min(height, r1 + 1)] as const;
    // Scale 2: half rows h0−4 … h1+3 the same way, each made from 4 image rows.
    const half = [Math.max(0, h0 - MSCN_HALO), Math.min(halfHeight, h1 + MSCN_HALO)] as const;
    const tapFirst = Number(y.index[half[0]] ?? 0n);
    const tapLast = Number(y.index[3 * halfHeight + half[1] - 1] ?? 0n);
    const start = Math.min(s1[0], lap[0], tapFirst);
    const end = Math.max(s1[1], lap[1], tapLast + 1);
    const halfTaps = tapRows(y, halfHeight, half[0], half[1], start);
    plan.push({
      start,
      end,
      feeds: {
        ...shared,
        own_rows: range(r0 - start, r1 - start),
        lap_rows: range(lap[0] - start, lap[1] - start),
        lap_pads: pads(r0 === 0 ? 1 : 0, 1, r1 === height ? 1 : 0),
        s1_rows: range(s1[0] - start, s1[1] - start),
        s1_pads: pads(s1[0] - (r0 - MSCN_HALO), 0, r1 + MSCN_HALO - s1[1]),
        s1_mask: rowMask(r0 - 1, r1 - r0 + 2, height),
        half_y_index: halfTaps.index,
        half_y_weight: halfTaps.weight,
        s2_pads: pads(half[0] - (h0 - MSCN_HALO), 0, h1 + MSCN_HALO - half[1]),
        s2_mask: rowMask(h0 - 1, h1 - h0 + 2, halfHeight),
      },
    });
  }
  return plan;
}
