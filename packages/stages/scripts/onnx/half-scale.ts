/**
 * BRISQUE's second scale: `cv::resize(INTER_CUBIC)` to half size on float32, reproduced exactly
 * (reference/brisque.md §2.4). The taps (clamped source indices and float32 weights) are graph
 * inputs computed by the runtime for the image's size and the strip's rows.
 */
import { T, type GraphBuilder } from './builder.js';

/** Graph inputs carrying OpenCV's INTER_CUBIC taps for the half scale. */
export interface HalfScaleInputs {
  /** int64 [4, ⌊W/2⌋]: source column of each tap (clamped). */
  readonly xIndex: string;
  /** float32 [4, ⌊W/2⌋, 1]: weight of each tap. */
  readonly xWeight: string;
  /** int64 [4, rows] and float32 [4, rows, 1]: the same for the half-scale rows of this strip (row indices into the strip). */
  readonly yIndex: string;
  readonly yWeight: string;
  /** bool [⌊W/2⌋]: true for columns OpenCV sums in its 4-lane SIMD part. */
  readonly simdMask: string;
}

/** Declares the half-scale tap inputs. */
export function halfScaleInputs(b: GraphBuilder): HalfScaleInputs {
  return {
    xIndex: b.input('half_x_index', T.int64, [4, 'half_width']),
    xWeight: b.input('half_x_weight', T.float, [4, 'half_width', 1]),
    yIndex: b.input('half_y_index', T.int64, [4, 'half_rows']),
    yWeight: b.input('half_y_weight', T.float, [4, 'half_rows', 1]),
    simdMask: b.input('half_simd_mask', T.bool, ['half_width']),
  };
}

/**
 * Half-size rows of float32 image `image` [R, W]: horizontal pass ((p0+p1)+p2)+p3, then vertical
 * p0+(p1+(p2+p3)) in the SIMD columns and ((p0+p1)+p2)+p3 in the scalar tail. The horizontal pass
 * gathers rows of the transposed image: onnxruntime gathers whole rows far faster than columns.
 */
export function halfScale(b: GraphBuilder, image: string, taps: HalfScaleInputs): string {
  const tap = (table: string, j: number) => b.op('Gather', [table, b.i64s(j)], { axis: 0 });
  const columns = b.op('Transpose', [image], { perm: [1, 0] });
  const h = [0, 1, 2, 3].map((j) => b.op('Mul', [b.op('Gather', [columns, tap(taps.xIndex, j)], { axis: 0 }), tap(taps.xWeight, j)]));
  const hsum = b.op('Transpose', [b.op('Add', [b.op('Add', [b.op('Add', [h[0] ?? '', h[1] ?? '']), h[2] ?? '']), h[3] ?? ''])], { perm: [1, 0] });
  const v = [0, 1, 2, 3].map((j) => b.op('Mul', [b.op('Gather', [hsum, tap(taps.yIndex, j)], { axis: 0 }), tap(taps.yWeight, j)]));
  const [v0, v1, v2, v3] = [v[0] ?? '', v[1] ?? '', v[2] ?? '', v[3] ?? ''];
  const simd = b.op('Add', [v0, b.op('Add', [v1, b.op('Add', [v2, v3])])]);
  const scalar = b.op('Add', [b.op('Add', [b.op('Add', [v0, v1]), v2]), v3]);
  return b.op('Where', [taps.simdMask, simd, scalar]);
}
