/**
 * The quality models. The image is scored in horizontal strips, so every intermediate tensor stays
 * small enough for the CPU's caches:
 * - `quality-strip.onnx`: one strip of the decoded sRGB proxy (uint8 [R,W,3], RGB, with the halo
 *   rows its windows need) → the sums every metric needs, for the rows the strip owns (double
 *   [54]): Laplacian Σ and Σ², grey Σ and Σ², and the AGGD moments of both BRISQUE scales;
 * - `quality-finish.onnx`: the strips' sums ([S,54]) → the technical metrics (SPEC §6) and the
 *   BRISQUE score of OpenCV's LIVE model (reference/brisque.md).
 * A strip may be the whole image (one strip), which is what a GPU provider is given.
 */
import { GraphBuilder, T } from './builder.js';
import { addAggdConstants, SCALE_MOMENTS, scaleFeatures, scaleMoments } from './brisque-features.js';
import { brisqueScore } from './brisque-svr.js';
import { buildGammaTables } from './gamma-tables.js';
import { halfScale, halfScaleInputs } from './half-scale.js';
import type { LiveModel } from './live-model.js';
import { laplacianOfPadded, mscnRowsPadded, sums, toGrey } from './pixel-ops.js';

/** Number of sums a strip yields: 4 technical, then the moments of scale 1 and scale 2. */
export const STRIP_SUMS = 4 + 2 * SCALE_MOMENTS;

const DOC_LICENCE = 'OpenCV LIVE model data (Apache-2.0 AND BSD-3-Clause) from opencv_contrib via Debian opencv-data';

/** Rows `range` (int64 [2], start and end) of `x`, then rows padded by `pads` (int64 [4]) in `mode`. */
function rowsPadded(b: GraphBuilder, x: string, range: string, pads: string, mode: 'edge' | 'reflect'): string {
  const start = b.op('Slice', [range, b.i64([0]), b.i64([1])]);
  const end = b.op('Slice', [range, b.i64([1]), b.i64([2])]);
  return b.op('Pad', [b.op('Slice', [x, start, end, b.i64([0])]), pads], { mode });
}

/** Builds and encodes the strip model. */
export function buildQualityStripModel(): Uint8Array {
  const b = new GraphBuilder();
  const rgb = b.input('rgb', T.uint8, ['rows', 'width', 3]);
  const ownRows = b.input('own_rows', T.int64, [2]);
  const lapRows = b.input('lap_rows', T.int64, [2]);
  const lapPads = b.input('lap_pads', T.int64, [4]);
  const s1Rows = b.input('s1_rows', T.int64, [2]);
  const s1Pads = b.input('s1_pads', T.int64, [4]);
  const s1Mask = b.input('s1_mask', T.float, ['s1_mscn_rows', 1]);
  const s2Pads = b.input('s2_pads', T.int64, [4]);
  const s2Mask = b.input('s2_mask', T.float, ['s2_mscn_rows', 1]);
  const taps = halfScaleInputs(b);

  const grey = toGrey(b, rgb);
  const noPads = b.i64([0, 0, 0, 0]);
  const [lapSum, lapSquares] = sums(b, laplacianOfPadded(b, rowsPadded(b, grey, lapRows, lapPads, 'reflect')));
  const [greySum, greySquares] = sums(b, rowsPadded(b, grey, ownRows, noPads, 'edge'));
  const image = b.op('Mul', [grey, b.f32(Math.fround(1 / 255))]);
  const scale1 = b.op('Mul', [mscnRowsPadded(b, rowsPadded(b, image, s1Rows, s1Pads, 'edge')), s1Mask]);
  const half = b.op('Pad', [halfScale(b, image, taps), s2Pads], { mode: 'edge' });
  const scale2 = b.op('Mul', [mscnRowsPadded(b, half), s2Mask]);
  const technical = [lapSum, lapSquares, greySum, greySquares].map((s) => b.op('Reshape', [s, b.i64([1])]));
  const out = b.op('Concat', [...technical, scaleMoments(b, scale1), scaleMoments(b, scale2)], { axis: 0 });
  b.output('sums', out, T.double, [STRIP_SUMS]);
  return b.encode('proofsheet_quality_strip', `Proofsheet quality metrics, per-strip sums (pixel work). ${DOC_LICENCE}.`);
}

/** Builds and encodes the finish model. */
export function buildQualityFinishModel(live: LiveModel): Uint8Array {
  const b = new GraphBuilder();
  const strips = b.input('strip_sums', T.double, ['strips', STRIP_SUMS]);
  const pixels = b.input('pixels', T.double, [2]);
  const total = b.op('ReduceSum', [strips, b.i64([0])], { keepdims: 0 });
  const at = (i: number) => b.op('Gather', [total, b.i64s(i)], { axis: 0 });
  const n1 = b.op('Gather', [pixels, b.i64s(0)], { axis: 0 });
  const n2 = b.op('Gather', [pixels, b.i64s(1)], { axis: 0 });
  const meanAndVariance = (sum: string, squares: string): [string, string] => {
    const mean = b.op('Div', [sum, n1]);
    return [mean, b.op('Sub', [b.op('Div', [squares, n1]), b.op('Mul', [mean, mean])])];
  };
  const [, lapVariance] = meanAndVariance(at(0), at(1));
  const [greyMean, greyVariance] = meanAndVariance(at(2), at(3));
  b.output('laplacian_variance', lapVariance, T.double, []);
  b.output('grey_mean', greyMean, T.double, []);
  b.output('grey_std', b.op('Sqrt', [b.op('Relu', [greyVariance])]), T.double, []);
  const c = addAggdConstants(b, buildGammaTables());
  const moments = (scale: number) => b.op('Slice', [total, b.i64([4 + scale * SCALE_MOMENTS]), b.i64([4 + (scale + 1) * SCALE_MOMENTS]), b.i64([0])]);
  const features = b.op('Concat', [scaleFeatures(b, c, moments(0), n1), scaleFeatures(b, c, moments(1), n2)], { axis: 0 });
  b.output('brisque_features', features, T.float, [36]);
  b.output('brisque', brisqueScore(b, live, features), T.float, [1]);
  return b.encode('proofsheet_quality_finish', `Proofsheet quality metrics from per-strip sums: blur, brightness, contrast, BRISQUE. ${DOC_LICENCE}.`);
}
