import { readdirSync, writeFileSync } from 'node:fs';
import { describe, expect } from 'vitest';
import { test } from '@proofsheet/testkit';
import { createQualityScorer, toQuality, type ExecutionProvider, type RawImage } from '../src/index.js';
import { GraphBuilder, T } from '../scripts/onnx/builder.js';

const solid = (width: number, height: number, value: number): RawImage => ({ data: new Uint8Array(width * height * 3).fill(value), width, height, channels: 3 });

/** A tiny "learned" model: 10 × mean of its normalised input, as a [1] score. */
function meanModel(layout: 'nchw' | 'nhwc', size: number): Uint8Array {
  const b = new GraphBuilder();
  const input = b.input('pixels', T.float, layout === 'nchw' ? [1, 3, size, size] : [1, size, size, 3]);
  const mean = b.op('ReduceMean', [input], { keepdims: 0 });
  b.output('score', b.op('Reshape', [b.op('Mul', [mean, b.f32(10)]), b.i64([1])]), T.float, [1]);
  return b.encode('mean', 'test model');
}

/** A tiny distribution model: softmax of fixed logits plus 0 × input, 10 probabilities. */
function distributionModel(size: number): Uint8Array {
  const b = new GraphBuilder();
  const input = b.input('pixels', T.float, [1, 3, size, size]);
  const zero = b.op('Mul', [b.op('ReduceMean', [input], { keepdims: 0 }), b.f32(0)]);
  const logits = b.const(T.float, [1, 10], [0, 0, 0, 0, 0, 0, 0, Math.log(4), Math.log(4), 0], 'logits');
  b.output('probs', b.op('Softmax', [b.op('Add', [logits, zero])], { axis: 1 }), T.float, [1, 10]);
  return b.encode('dist', 'test model');
}

const spec = (path: string, extra: Partial<{ layout: 'nchw' | 'nhwc'; output: 'score_0_10' | 'score_0_1' | 'distribution_1_10' }> = {}) => ({
  path, inputSize: 8, mean: [0, 0, 0], std: [1, 1, 1], layout: 'nchw' as const, output: 'score_0_10' as const, ...extra,
});

describe('createQualityScorer', () => {
  test('a provider that fails to load falls through to the next, with the reason recorded; learned models absent → NULL, "not configured"', async () => {
    const lines: string[] = [];
    const scorer = await createQualityScorer({ providers: ['no-such-provider' as ExecutionProvider, 'cpu'], log: (l) => lines.push(l) });
    try {
      expect(scorer.provider).toBe('cpu');
      expect(scorer.attempts.map((a) => ({ provider: a.provider, ok: a.ok, hasReason: typeof a.reason === 'string' && a.reason.length > 0 })))
        .toEqual([{ provider: 'no-such-provider', ok: false, hasReason: true }, { provider: 'cpu', ok: true, hasReason: false }]);
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(/^quality: provider=cpu \(no-such-provider: .+; cpu: ok\) workers=\d nima=not configured clip_aesthetic=not configured$/);
      const r = await scorer.score(solid(64, 48, 100));
      expect({ nima: r.nima_score, clip: r.clip_aesthetic_score, detail: [r.quality_detail.metrics.nima, r.quality_detail.metrics.clip_aesthetic], provider: r.quality_detail.provider })
        .toEqual({ nima: null, clip: null, detail: [{ status: 'not configured' }, { status: 'not configured' }], provider: 'cpu' });
      // A flat image: no Laplacian, brightness from the mean, no contrast.
      expect([r.blur_score, r.brightness_score, r.contrast_score]).toEqual([0, 7.8125, 0]);
      // BRISQUE is undefined there (no positive/negative MSCN values): NULL with the reason, never a number.
      expect({ brisque: r.brisque_score, status: r.quality_detail.metrics.brisque.status }).toEqual({ brisque: null, status: 'failed' });
    } finally {
      await scorer.close();
    }
  });

  test('no provider loads → SCORING_FAILED listing every attempt', async () => {
    await expect(createQualityScorer({ providers: ['no-such-provider' as ExecutionProvider] })).rejects.toMatchObject({ code: 'SCORING_FAILED' });
  });

  test('operator-supplied NIMA / CLIP-aesthetic ONNX models are preprocessed and mapped as configured', async ({ tmp }) => {
    const nchw = tmp.join('nima.onnx');
    const nhwc = tmp.join('clip.onnx');
    writeFileSync(nchw, meanModel('nchw', 8));
    writeFileSync(nhwc, meanModel('nhwc', 8));
    const scorer = await createQualityScorer({ providers: ['cpu'], models: { nima: spec('nima.onnx'), clipAesthetic: spec(nhwc, { layout: 'nhwc', output: 'score_0_1' }) }, baseDir: tmp.path });
    try {
      const r = await scorer.score(solid(40, 30, 51));
      // mean of 51/255 = 0.2 → ×10 = 2 (score_0_10); the nhwc model's 2 is read as 0–1 → ×10, clamped to 10.
      expect({ nima: r.nima_score, clip: r.clip_aesthetic_score, nimaDetail: r.quality_detail.metrics.nima })
        .toEqual({ nima: 2, clip: 10, nimaDetail: { status: 'ok', model: 'nima.onnx', provider: 'cpu', score: 2 } });
      expect(r.QR).toBe(toQuality(r).QR);
    } finally {
      await scorer.close();
    }
    const dist = tmp.join('dist.onnx');
    writeFileSync(dist, distributionModel(8));
    const second = await createQualityScorer({ providers: ['cpu'], models: { nima: spec(dist, { output: 'distribution_1_10' }) } });
    try {
      // probabilities ∝ [1,1,1,1,1,1,1,4,4,1] → mean rating (28 + 32 + 36 + 10 + 21... ) computed below
      const weights = [1, 1, 1, 1, 1, 1, 1, 4, 4, 1];
      const expected = weights.reduce((s, w, i) => s + w * (i + 1), 0) / weights.reduce((s, w) => s + w, 0);
      expect((await second.score(solid(16, 16, 0))).nima_score).toBeCloseTo(expected, 3);
    } finally {
      await second.close();
    }
  });

  test('a configured model file that does not exist is a configuration error', async ({ tmp }) => {
    await expect(createQualityScorer({ providers: ['cpu'], models: { nima: spec('missing.onnx') }, baseDir: tmp.path })).rejects.toMatchObject({ code: 'CONFIG_INVALID' });
  });

  test('a scorer that fails to open leaves no worker thread behind (a learned model missing, or one that is not a model)', async ({ tmp }) => {
    writeFileSync(tmp.join('nima.onnx'), meanModel('nchw', 8));
    writeFileSync(tmp.join('garbage.onnx'), 'not an onnx model');
    const threads = () => readdirSync('/proc/self/task').length;
    const before = threads();
    for (const models of [{ nima: spec('missing.onnx') }, { nima: spec('garbage.onnx') }, { nima: spec('nima.onnx'), clipAesthetic: spec('garbage.onnx') }]) {
      await expect(createQualityScorer({ providers: ['cpu'], cpuWorkers: 2, models, baseDir: tmp.path })).rejects.toBeDefined();
    }
    // Each leaked pool would keep two worker threads (plus onnxruntime's own) alive.
    expect(threads()).toBeLessThanOrEqual(before + 1);
  });
});

describe('QR and QC bands (SPEC §6)', () => {
  const none = { blur_score: null, brightness_score: null, contrast_score: null, brisque_score: null, nima_score: null, clip_aesthetic_score: null };
  test('weighted mean renormalised over the metrics that ran, 2 decimals, banded', () => {
    expect(toQuality(none)).toEqual({ QR: null, QC_Status: 'NA' });
    expect(toQuality({ ...none, blur_score: 8, brightness_score: 6, contrast_score: 4, brisque_score: 20 })).toEqual({
      QR: Math.round(((0.17 * 8 + 0.17 * 6 + 0.13 * 4 + 0.1 * 8) / 0.57) * 100) / 100,
      QC_Status: 'Average',
    });
    const all = { blur_score: 10, brightness_score: 10, contrast_score: 10, brisque_score: 0, nima_score: 10, clip_aesthetic_score: 10 };
    expect(toQuality(all)).toEqual({ QR: 10, QC_Status: 'Top' });
    expect(toQuality({ ...all, nima_score: 0, clip_aesthetic_score: 0 }).QR).toBe(5.7);
    expect(toQuality({ ...none, brisque_score: 100 })).toEqual({ QR: 0, QC_Status: 'Very Low' });
  });
});

describe('scoreFile (proofsheet score) and scoreAndDerive (stage 5–6) score the same proxy', () => {
  test('equal scores even with a proxy smaller than the derivatives', async ({ tmp }) => {
    const { default: sharp } = await import('sharp');
    const file = tmp.join('photo.jpg');
    const noise = Uint8Array.from({ length: 2400 * 1600 * 3 }, (_, i) => (i * 2654435761) >>> 24);
    await sharp(noise, { raw: { width: 2400, height: 1600, channels: 3 } }).blur(2).jpeg().toFile(file);
    const { scoreFile, scoreAndDerive } = await import('../src/index.js');
    const scorer = await createQualityScorer({ providers: ['cpu'], proxyMaxEdge: 700 });
    try {
      const alone = await scoreFile(scorer, file);
      const outcome = await scoreAndDerive(scorer, file, tmp.join('derived'));
      expect(outcome.kind).toBe('done');
      const withDerivatives = outcome.kind === 'done' ? outcome.value.quality : null;
      expect(alone).toEqual(withDerivatives);
      expect(alone.quality_detail.proxy).toEqual({ width: 700, height: 467 });
    } finally {
      await scorer.close();
    }
  }, 60_000);
});
