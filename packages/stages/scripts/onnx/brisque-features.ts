/**
 * BRISQUE's 36 features in two halves (reference/brisque.md §2.4–§2.7):
 * - moments: per scale, the MSCN map and its four neighbour products reduced to the five sums an
 *   AGGD fit needs (pixel work, run on each strip of the image);
 * - fits: the summed moments of the whole image → shape search, σ's and η → 18 features a scale.
 */
import { T, type GraphBuilder } from './builder.js';
import type { GammaTables } from './gamma-tables.js';
import { slice } from './pixel-ops.js';

/** Moments of one map, in this order (double). */
export const AGGD_MOMENTS = ['poscount', 'negcount', 'possq', 'negsq', 'abssum'] as const;
/** Maps of one scale, in this order: the MSCN map, then the products H (0,+1), V (+1,0), D1 (+1,+1), D2 (−1,+1). */
export const SCALE_MAPS = ['mscn', 'h', 'v', 'd1', 'd2'] as const;
/** Moments of one scale: maps × moments. */
export const SCALE_MOMENTS = SCALE_MAPS.length * AGGD_MOMENTS.length;

/**
 * The five AGGD sums of float32 map `x` (no NaN; zeros belong to neither side) as double [5].
 * Counts come from the signs (pos + neg = Σ|sign|, pos − neg = Σsign); negsq = Σx² − possq.
 */
function aggdMoments(b: GraphBuilder, x: string): string {
  const xd = b.op('Cast', [b.op('Reshape', [x, b.i64([-1])])], { to: T.double });
  // No axes: every reduction covers the whole (1-D) tensor and keeps one dimension, [1].
  const reduce = (op: string, v: string) => b.op(op, [v], { keepdims: 1 });
  const possq = reduce('ReduceSumSquare', b.op('Relu', [xd]));
  const negsq = b.op('Sub', [reduce('ReduceSumSquare', xd), possq]);
  const abssum = reduce('ReduceL1', xd);
  // ±1 for every non-zero value (the smallest float32 magnitude, 2^-149, times 2^200 exceeds 1), 0 for
  // zeros: what Sign gives, at two thirds of Sign's cost in onnxruntime.
  const sign = b.op('Clip', [b.op('Mul', [xd, b.f64(2 ** 200)]), b.f64(-1), b.f64(1)]);
  const nonzero = reduce('ReduceL1', sign);
  const balance = reduce('ReduceSum', sign);
  const half = b.f64(0.5);
  const poscount = b.op('Mul', [b.op('Add', [nonzero, balance]), half]);
  const negcount = b.op('Mul', [b.op('Sub', [nonzero, balance]), half]);
  return b.op('Concat', [poscount, negcount, possq, negsq, abssum], { axis: 0 });
}

/**
 * Moments of one scale, double [25], for the rows of MSCN map `x` ([R+2, W]: one extra row above
 * and below the rows this strip owns). Rows outside the image must hold 0: their products then
 * drop out, as OpenCV's zero border does.
 */
export function scaleMoments(b: GraphBuilder, x: string): string {
  const own = slice(b, x, 0, 1, -1);
  const below = slice(b, x, 0, 2);
  const above = slice(b, x, 0, 0, -2);
  const first = (m: string) => slice(b, m, 1, 0, -1);
  const rest = (m: string) => slice(b, m, 1, 1);
  const maps = [
    own,
    b.op('Mul', [first(own), rest(own)]),
    b.op('Mul', [own, below]),
    b.op('Mul', [first(own), rest(below)]),
    b.op('Mul', [first(own), rest(above)]),
  ];
  return b.op('Concat', maps.map((m) => aggdMoments(b, m)), { axis: 0 });
}

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

/** AGGD fit from the five moments (double [5]); `n` is the double pixel count H·W of the scale. */
function fitAggd(b: GraphBuilder, c: AggdConstants, moments: string, n: string): AggdFit {
  const [poscount, negcount, possq, negsq, abssum] = AGGD_MOMENTS.map((_, i) => b.op('Gather', [moments, b.i64s(i)], { axis: 0 }));
  const left = b.op('Sqrt', [b.op('Div', [negsq ?? '', negcount ?? ''])]);
  const right = b.op('Sqrt', [b.op('Div', [possq ?? '', poscount ?? ''])]);
  const g = b.op('Div', [left, right]);
  const meanAbs = b.op('Div', [abssum ?? '', n]);
  const rhat = b.op('Div', [b.op('Mul', [meanAbs, meanAbs]), b.op('Div', [b.op('Add', [negsq ?? '', possq ?? '']), n])]);
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

/** The 18 features of one scale (float32 [18]) from its 25 summed moments and pixel count `n`. */
export function scaleFeatures(b: GraphBuilder, c: AggdConstants, moments: string, n: string): string {
  const mapMoments = (i: number) => slice(b, moments, 0, i * AGGD_MOMENTS.length, (i + 1) * AGGD_MOMENTS.length);
  const fit = fitAggd(b, c, mapMoments(0), n);
  const sigmaSum = b.op('Cast', [b.op('Add', [b.op('Mul', [fit.left, fit.left]), b.op('Mul', [fit.right, fit.right])])], { to: T.float });
  const features = [fit.gamma, b.op('Unsqueeze', [b.op('Div', [sigmaSum, b.f32(2)]), b.i64([0])])];
  for (let i = 1; i < SCALE_MAPS.length; i++) {
    const p = fitAggd(b, c, mapMoments(i), n);
    const diff = b.op('Sub', [p.right, p.left]);
    const ratio21 = b.op('Gather', [c.ratio21, p.gammaIndex]);
    const ratio13 = b.op('Gather', [c.ratio13, p.gammaIndex]);
    const eta = b.op('Mul', [b.op('Mul', [diff, ratio21]), ratio13]);
    features.push(p.gamma, toF32(b, eta), toF32(b, b.op('Mul', [p.left, p.left])), toF32(b, b.op('Mul', [p.right, p.right])));
  }
  return b.op('Concat', features, { axis: 0 });
}
