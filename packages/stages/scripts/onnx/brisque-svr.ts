/**
 * Range scaling and the RBF SVR of OpenCV's LIVE model, with OpenCV's own float `exp`
 * (`hal::exp32f`, AVX2 path) emulated so the kernel values match bit for bit (brisque.md §2.8–2.9).
 */
import { T, type GraphBuilder } from './builder.js';
import type { LiveModel } from './live-model.js';

const EXP_A0 = 0.009670371139572337719;
const EXP_C = [0.0555033936675313, 0.24022651095133, 0.693147180552145, 1.000000000000002];

function fma(b: GraphBuilder, a: string, x: string, c: number): string {
  const product = b.op('Mul', [b.op('Cast', [a], { to: T.double }), b.op('Cast', [x], { to: T.double })]);
  return b.op('Cast', [b.op('Add', [product, b.f64(Math.fround(c))])], { to: T.float });
}

/** Bits i<<23 read as float32: 2^(i−127) for 1 ≤ i ≤ 254, 0 for i = 0, +∞ for 255. */
function powerTable(): Float32Array {
  const bits = new Uint32Array(256);
  for (let i = 0; i < 256; i++) bits[i] = i << 23;
  return new Float32Array(bits.buffer);
}

/** OpenCV's `exp32f` on a float32 tensor (NaN stays NaN). */
export function cvExp(b: GraphBuilder, x: string): string {
  const limit = Math.fround(3000 / Math.LOG2E);
  const clipped = b.op('Clip', [x, b.f32(-limit), b.f32(limit)]);
  const scaled = b.op('Mul', [clipped, b.f32(Math.fround(64 * Math.LOG2E))]);
  const isNaN = b.op('IsNaN', [scaled]);
  const nFloat = b.op('Where', [isNaN, b.f32(0), b.op('Round', [scaled])]);
  const f = b.op('Mul', [b.op('Sub', [scaled, nFloat]), b.f32(1 / 64)]);
  const exponent = b.op('Floor', [b.op('Div', [nFloat, b.f32(64)])]);
  const n = b.op('Cast', [nFloat], { to: T.int64 });
  const e = b.op('Cast', [exponent], { to: T.int64 });
  const index = b.op('Sub', [n, b.op('Mul', [e, b.i64s(64)])]);
  const biased = b.op('Clip', [b.op('Add', [e, b.i64s(127)]), b.i64s(0), b.i64s(255)]);
  const table = Array.from({ length: 64 }, (_, j) => Math.pow(2, j / 64) * EXP_A0);
  const mant = b.op('Gather', [b.const(T.float, [64], table, 'exp_t'), index]);
  const power = b.op('Gather', [b.const(T.float, [256], powerTable(), 'exp_p2'), biased]);
  const y = b.op('Mul', [mant, power]);
  const a = EXP_C.map((c) => Math.fround(c / EXP_A0));
  let z = b.op('Add', [f, b.f32(a[0] ?? 0)]);
  z = fma(b, z, f, a[1] ?? 0);
  z = fma(b, z, f, a[2] ?? 0);
  z = fma(b, z, f, a[3] ?? 0);
  // NaN in (a degenerate image: undefined features) → NaN out, instead of a garbage table index.
  return b.op('Where', [isNaN, scaled, b.op('Mul', [z, y])]);
}

/** BRISQUE score (float32 [1], clamped to 0–100) from the 36 raw features. */
export function brisqueScore(b: GraphBuilder, model: LiveModel, features: string): string {
  const lo = b.const(T.float, [36], model.rangeLo, 'range_lo');
  const span = b.const(T.float, [36], model.rangeHi.map((hi, i) => Math.fround(hi - (model.rangeLo[i] ?? 0))), 'range_span');
  const scaled = b.op('Add', [b.f32(-1), b.op('Div', [b.op('Mul', [b.f32(2), b.op('Sub', [features, lo])]), span])]);
  const sv = b.const(T.float, [model.svCount, 36], model.supportVectors, 'sv');
  const diff = b.op('Cast', [b.op('Sub', [sv, b.op('Unsqueeze', [scaled, b.i64([0])])])], { to: T.double });
  const dist = b.op('ReduceSum', [b.op('Mul', [diff, diff]), b.i64([1])], { keepdims: 0 });
  const arg = b.op('Cast', [b.op('Mul', [dist, b.f64(-model.gamma)])], { to: T.float });
  const kernel = b.op('Cast', [cvExp(b, arg)], { to: T.double });
  const alpha = b.const(T.double, [model.svCount, 1], model.alpha, 'alpha');
  const sum = b.op('MatMul', [b.op('Unsqueeze', [kernel, b.i64([0])]), alpha]);
  const decision = b.op('Cast', [b.op('Sub', [b.op('Reshape', [sum, b.i64([1])]), b.f64(model.rho)])], { to: T.float });
  return b.op('Clip', [decision, b.f32(0), b.f32(100)]);
}
