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

function sumWhere(b: GraphBuilder, mask: string, value: string): string {
  return b.op('ReduceSum', [b.op('Where', [mask, value, b.f64(0)])], { keepdims: 0 });
}

/** AGGD fit of float32 map `x`; `n` is the double pixel count H·W of the scale (NaN and zeros count). */
function fitAggd(b: GraphBuilder, c: AggdConstants, x: string, n: string): AggdFit {
  const xd = b.op('Cast', [x], { to: T.double });
  const pos = b.op('Greater', [xd, b.f64(0)]);
  const neg = b.op('Less', [xd, b.f64(0)]);
  const sq = b.op('Mul', [xd, xd]);
  const possq = sumWhere(b, pos, sq);
  const negsq = sumWhere(b, neg, sq);
  const count = (mask: string) => b.op('ReduceSum', [b.op('Cast', [mask], { to: T.double })], { keepdims: 0 });
  const abssum = sumWhere(b, b.op('Or', [pos, neg]), b.op('Abs', [xd]));
  const left = b.op('Sqrt', [b.op('Div', [negsq, count(neg)])]);
  const right = b.op('Sqrt', [b.op('Div', [possq, count(pos)])]);
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

/**
 * Half-size image: cubic resize to (⌊W/2⌋, ⌊H/2⌋), half-pixel centres, A = −0.75, edge clamp,
 * no antialiasing (ONNX Resize; within ~1e-5 of OpenCV's INTER_CUBIC, brisque.md §5).
 */
function halfScale(b: GraphBuilder, image: string): string {
  const shape = b.op('Shape', [image]);
  const half = b.op('Div', [shape, b.i64([2, 2])]);
  const sizes = b.op('Concat', [b.i64([1, 1]), half], { axis: 0 });
  const x4 = b.op('Unsqueeze', [image, b.i64([0, 1])]);
  const resized = b.op('Resize', [x4, '', '', sizes], {
    mode: 'cubic',
    coordinate_transformation_mode: 'half_pixel',
    cubic_coeff_a: -0.75,
    exclude_outside: 0,
  });
  return b.op('Squeeze', [resized, b.i64([0, 1])]);
}

/** All 36 BRISQUE features (scale 1 then scale 2) from the int32 grey image, as float32 [36]. */
export function brisqueFeatures(b: GraphBuilder, c: AggdConstants, grey: string): string {
  const image = b.op('Mul', [b.op('Cast', [grey], { to: T.float }), b.f32(Math.fround(1 / 255))]);
  return b.op('Concat', [scaleFeatures(b, c, image), scaleFeatures(b, c, halfScale(b, image))], { axis: 0 });
}
