/**
 * BRISQUE's 36 features in the graph: AGGD fits of the MSCN map and its four neighbour products at
 * two scales (reference/brisque.md §2.4, §2.6, §2.7).
 */
import { T, type GraphBuilder } from './builder.js';
import type { GammaTables } from './gamma-tables.js';
import { mscn, slice } from './pixel-ops.js';

/** Constant tables shared by every AGGD fit of the graph. */
export interface AggdConstants {
  readonly rho: string;
  readonly gridF32: string;
  readonly ratio21: string;
  readonly ratio13: string;
  readonly last: string;
}

/** Adds the Γ tables as initializers. */
export function addAggdConstants(b: GraphBuilder, tables: GammaTables): AggdConstants {
  const n = tables.grid.length;
  return {
    rho: b.const(T.double, [n], tables.rho, 'rho'),
    gridF32: b.const(T.float, [n], tables.grid, 'grid'),
    ratio21: b.const(T.double, [n], tables.ratio21, 'g21'),
    ratio13: b.const(T.double, [n], tables.ratio13, 'g13'),
    last: b.i64s(n - 1),
  };
}

interface AggdFit {
  /** γ as float32 [1]. */
  readonly gamma: string;
  readonly gammaIndex: string;
  /** lσ and rσ in double (scalars). */
  readonly left: string;
  readonly right: string;
}

/** AGGD fit of float32 map `x`; `n` is the double pixel count H·W of the scale (NaN and zeros count). */
function fitAggd(b: GraphBuilder, c: AggdConstants, x: string, n: string): AggdFit {
  const clean = b.op('Where', [b.op('IsNaN', [x]), b.f32(0), x]);
  const xd = b.op('Cast', [clean], { to: T.double });
  const posPart = b.op('Relu', [xd]);
  const negPart = b.op('Sub', [xd, posPart]);
  const possq = b.op('ReduceSumSquare', [posPart], { keepdims: 0 });
  const negsq = b.op('ReduceSumSquare', [negPart], { keepdims: 0 });
  const abssum = b.op('ReduceL1', [xd], { keepdims: 0 });
  const sign = b.op('Sign', [xd]);
  const signSum = b.op('ReduceSum', [sign], { keepdims: 0 });
  const signAbs = b.op('ReduceL1', [sign], { keepdims: 0 });
  const half = b.f64(0.5);
  const poscount = b.op('Mul', [b.op('Add', [signAbs, signSum]), half]);
  const negcount = b.op('Mul', [b.op('Sub', [signAbs, signSum]), half]);
  const left = b.op('Sqrt', [b.op('Div', [negsq, negcount])]);
  const right = b.op('Sqrt', [b.op('Div', [possq, poscount])]);
  const g = b.op('Div', [left, right]);
  const meanAbs = b.op('Div', [abssum, n]);
  const rhat = b.op('Div', [b.op('Mul', [meanAbs, meanAbs]), b.op('Div', [b.op('Add', [negsq, possq]), n])]);
  const one = b.f64(1);
  const g2 = b.op('Mul', [g, g]);
  const g3p1 = b.op('Add', [b.op('Mul', [g2, g]), one]);
  const g2p1 = b.op('Add', [g2, one]);
  const numer = b.op('Mul', [b.op('Mul', [rhat, g3p1]), b.op('Add', [g, one])]);
  const rhatNorm = b.op('Div', [numer, b.op('Mul', [g2p1, g2p1])]);
  const distance = b.op('Abs', [b.op('Sub', [c.rho, rhatNorm])]);
  const argmin = b.op('ArgMin', [distance], { axis: 0, keepdims: 0, select_last_index: 1 });
  const index = b.op('Where', [b.op('IsNaN', [rhatNorm]), c.last, argmin]);
  const gamma = b.op('Unsqueeze', [b.op('Gather', [c.gridF32, index]), b.i64([0])]);
  return { gamma, gammaIndex: index, left, right };
}

const toF32 = (b: GraphBuilder, x: string) => b.op('Unsqueeze', [b.op('Cast', [x], { to: T.float }), b.i64([0])]);

/** The 18 features of one scale from float32 image `image` [H,W], as float32 [18]. */
function scaleFeatures(b: GraphBuilder, c: AggdConstants, image: string): string {
  const x = mscn(b, image);
  const n = b.op('Cast', [b.op('Size', [x])], { to: T.double });
  const fit = fitAggd(b, c, x, n);
  const sigmaSum = b.op('Cast', [b.op('Add', [b.op('Mul', [fit.left, fit.left]), b.op('Mul', [fit.right, fit.right])])], { to: T.float });
  const features = [fit.gamma, b.op('Unsqueeze', [b.op('Div', [sigmaSum, b.f32(2)]), b.i64([0])])];
  const pairs: [string, string][] = [
    [slice(b, x, 1, 0, -1), slice(b, x, 1, 1)],
    [slice(b, x, 0, 0, -1), slice(b, x, 0, 1)],
    [slice(b, slice(b, x, 0, 0, -1), 1, 0, -1), slice(b, slice(b, x, 0, 1), 1, 1)],
    [slice(b, slice(b, x, 0, 1), 1, 0, -1), slice(b, slice(b, x, 0, 0, -1), 1, 1)],
  ];
  for (const [a, bb] of pairs) {
    const p = fitAggd(b, c, b.op('Mul', [a, bb]), n);
    const diff = b.op('Sub', [p.right, p.left]);
    const ratio21 = b.op('Gather', [c.ratio21, p.gammaIndex]);
    const ratio13 = b.op('Gather', [c.ratio13, p.gammaIndex]);
    const eta = b.op('Mul', [b.op('Mul', [diff, ratio21]), ratio13]);
    features.push(p.gamma, toF32(b, eta), toF32(b, b.op('Mul', [p.left, p.left])), toF32(b, b.op('Mul', [p.right, p.right])));
  }
  return b.op('Concat', features, { axis: 0 });
}

/** Graph inputs carrying OpenCV's INTER_CUBIC taps for the half scale (computed by the runtime). */
export interface HalfScaleInputs {
  /** int64 [4, ⌊W/2⌋]: source column of each tap (clamped). */
  readonly xIndex: string;
  /** float32 [4, ⌊W/2⌋]: weight of each tap. */
  readonly xWeight: string;
  /** int64 [4, ⌊H/2⌋] and float32 [4, ⌊H/2⌋, 1]: the same for rows. */
  readonly yIndex: string;
  readonly yWeight: string;
  /** bool [⌊W/2⌋]: true for columns OpenCV sums in its 4-lane SIMD part. */
  readonly simdMask: string;
}

/**
 * Half-size image exactly as `cv::resize(INTER_CUBIC)` on float32 computes it (brisque.md §2.4):
 * horizontal pass ((p0+p1)+p2)+p3, then vertical p0+(p1+(p2+p3)) in the SIMD columns and
 * ((p0+p1)+p2)+p3 in the scalar tail.
 */
function halfScale(b: GraphBuilder, image: string, taps: HalfScaleInputs): string {
  const row = (table: string, j: number) => b.op('Gather', [table, b.i64s(j)], { axis: 0 });
  const h = [0, 1, 2, 3].map((j) => b.op('Mul', [b.op('Gather', [image, row(taps.xIndex, j)], { axis: 1 }), row(taps.xWeight, j)]));
  const hsum = b.op('Add', [b.op('Add', [b.op('Add', [h[0] ?? '', h[1] ?? '']), h[2] ?? '']), h[3] ?? '']);
  const v = [0, 1, 2, 3].map((j) => b.op('Mul', [b.op('Gather', [hsum, row(taps.yIndex, j)], { axis: 0 }), row(taps.yWeight, j)]));
  const [v0, v1, v2, v3] = [v[0] ?? '', v[1] ?? '', v[2] ?? '', v[3] ?? ''];
  const simd = b.op('Add', [v0, b.op('Add', [v1, b.op('Add', [v2, v3])])]);
  const scalar = b.op('Add', [b.op('Add', [b.op('Add', [v0, v1]), v2]), v3]);
  return b.op('Where', [taps.simdMask, simd, scalar]);
}

/** All 36 BRISQUE features (scale 1 then scale 2) from the int32 grey image, as float32 [36]. */
export function brisqueFeatures(b: GraphBuilder, c: AggdConstants, grey: string, taps: HalfScaleInputs): string {
  const image = b.op('Mul', [b.op('Cast', [grey], { to: T.float }), b.f32(Math.fround(1 / 255))]);
  return b.op('Concat', [scaleFeatures(b, c, image), scaleFeatures(b, c, halfScale(b, image, taps))], { axis: 0 });
}
