/**
 * The quality model: one graph from the decoded sRGB proxy (uint8 [H,W,3], RGB) to the technical
 * metrics (SPEC §6) and the BRISQUE score of OpenCV's LIVE model (reference/brisque.md).
 */
import { GraphBuilder, T } from './builder.js';
import { addAggdConstants, brisqueFeatures } from './brisque-features.js';
import { brisqueScore } from './brisque-svr.js';
import { buildGammaTables } from './gamma-tables.js';
import type { LiveModel } from './live-model.js';
import { laplacian, meanAndVariance, toGrey } from './pixel-ops.js';

/** Names of the model's input and outputs (the runtime reads these). */
export const QUALITY_IO = {
  input: 'rgb',
  halfXIndex: 'half_x_index',
  halfXWeight: 'half_x_weight',
  halfYIndex: 'half_y_index',
  halfYWeight: 'half_y_weight',
  halfSimdMask: 'half_simd_mask',
  laplacianVariance: 'laplacian_variance',
  greyMean: 'grey_mean',
  greyStd: 'grey_std',
  brisque: 'brisque',
  brisqueFeatures: 'brisque_features',
} as const;

/** Builds and encodes the quality model. */
export function buildQualityModel(live: LiveModel): Uint8Array {
  const b = new GraphBuilder();
  const rgb = b.input(QUALITY_IO.input, T.uint8, ['height', 'width', 3]);
  const grey = toGrey(b, rgb);
  const [, lapVariance] = meanAndVariance(b, laplacian(b, grey));
  const [mean, variance] = meanAndVariance(b, b.op('Cast', [grey], { to: T.double }));
  b.output(QUALITY_IO.laplacianVariance, lapVariance, T.double, []);
  b.output(QUALITY_IO.greyMean, mean, T.double, []);
  b.output(QUALITY_IO.greyStd, b.op('Sqrt', [variance]), T.double, []);
  const taps = {
    xIndex: b.input(QUALITY_IO.halfXIndex, T.int64, [4, 'half_width']),
    xWeight: b.input(QUALITY_IO.halfXWeight, T.float, [4, 'half_width']),
    yIndex: b.input(QUALITY_IO.halfYIndex, T.int64, [4, 'half_height']),
    yWeight: b.input(QUALITY_IO.halfYWeight, T.float, [4, 'half_height', 1]),
    simdMask: b.input(QUALITY_IO.halfSimdMask, T.bool, ['half_width']),
  };
  const features = brisqueFeatures(b, addAggdConstants(b, buildGammaTables()), grey, taps);
  b.output(QUALITY_IO.brisqueFeatures, features, T.float, [36]);
  b.output(QUALITY_IO.brisque, brisqueScore(b, live, features), T.float, [1]);
  return b.encode(
    'proofsheet_quality',
    'Proofsheet quality metrics: OpenCV-compatible grey, Laplacian variance, mean, std, and BRISQUE ' +
      '(OpenCV LIVE model, BSD/Apache licensed data from opencv_contrib via Debian opencv-data).',
  );
}
