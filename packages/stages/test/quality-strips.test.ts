import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import type { RawImage } from '../src/index.js';
import { openOnnxWorkerPool } from '../src/quality/onnx-runtime.js';
import { planStrips } from '../src/quality/strip-plan.js';
import { measureQuality, openQualityModel, QUALITY_MODEL_PATHS } from '../src/quality/technical-model.js';
import { buildParityImages } from './parity-images.js';

const int = (feed: { data: ArrayLike<number | bigint> } | undefined, i: number) => Number(feed?.data[i] ?? Number.NaN);

describe('planStrips', () => {
  test.each([
    [8, 8, 1], [9, 9, 3], [257, 193, 12], [601, 403, 6], [333, 251, 15], [4096, 2304, 18], [100, 1001, 8], [31, 300, 17], [64, 47, 2],
  ])('%i×%i in %i strips: every row and half-scale row is owned exactly once, and every window stays inside its strip', (width, height, count) => {
    const strips = planStrips(width, height, count);
    expect(strips).toHaveLength(Math.max(1, Math.min(count, Math.floor(height / 16))));
    const halfHeight = Math.floor(height / 2);
    let nextRow = 0;
    let nextHalf = 0;
    for (const s of strips) {
      const length = s.end - s.start;
      const own = [int(s.feeds.own_rows, 0) + s.start, int(s.feeds.own_rows, 1) + s.start];
      expect(own[0]).toBe(nextRow);
      nextRow = own[1] ?? Number.NaN;
      if (strips.length > 1) expect(nextRow - (own[0] ?? 0)).toBeGreaterThanOrEqual(14);
      const ownedHalf = (s.feeds.s2_mask?.dims[0] ?? 0) - 2;
      expect(ownedHalf).toBeGreaterThan(0);
      nextHalf += ownedHalf;
      // Scale 1: the real rows plus the edge padding give the 4 halo rows on each side.
      const [s1a, s1b] = [int(s.feeds.s1_rows, 0), int(s.feeds.s1_rows, 1)];
      expect(s1a).toBeGreaterThanOrEqual(0);
      expect(s1b).toBeLessThanOrEqual(length);
      expect(s1b - s1a + int(s.feeds.s1_pads, 0) + int(s.feeds.s1_pads, 2)).toBe((own[1] ?? 0) - (own[0] ?? 0) + 8);
      // Laplacian: one row either side, real or reflected.
      const [la, lb] = [int(s.feeds.lap_rows, 0), int(s.feeds.lap_rows, 1)];
      expect(la).toBeGreaterThanOrEqual(0);
      expect(lb).toBeLessThanOrEqual(length);
      expect(lb - la + int(s.feeds.lap_pads, 0) + int(s.feeds.lap_pads, 2)).toBe((own[1] ?? 0) - (own[0] ?? 0) + 2);
      // Half scale: every cubic tap reads a row of this strip; rows + padding = owned + 8.
      const index = s.feeds.half_y_index;
      const taps = Array.from(index?.data ?? [], Number);
      expect(Math.min(...taps)).toBeGreaterThanOrEqual(0);
      expect(Math.max(...taps)).toBeLessThan(length);
      expect((index?.dims[1] ?? 0) + int(s.feeds.s2_pads, 0) + int(s.feeds.s2_pads, 2)).toBe(ownedHalf + 8);
    }
    expect(nextRow).toBe(height);
    expect(nextHalf).toBe(halfHeight);
  });
});

describe('quality model in strips', () => {
  test('the features do not depend on how the image is cut, nor on where the strips run', async () => {
    const images = (await buildParityImages()).filter(({ id }) => ['sample-sunset', 'crop-life-601x403', 'synthetic-clipped-sky', 'synthetic-smooth-gradient'].includes(id));
    const pool = await openQualityModel({ providers: ['cpu'], cpuWorkers: 2 });
    const inProcess = await openQualityModel({ providers: ['cpu'], cpuWorkers: 1 });
    try {
      expect(pool.strips).not.toBe(inProcess.strips);
      for (const { id, image } of images) {
        const whole = await measureQuality({ ...inProcess, stripRows: Number.POSITIVE_INFINITY }, image);
        for (const [model, stripRows] of [[pool, 16], [pool, 128], [inProcess, 16], [inProcess, 62]] as const) {
          const cut = await measureQuality({ ...model, stripRows }, image);
          expect({ id, stripRows, features: cut.brisqueFeatures, brisque: cut.brisque }).toEqual({ id, stripRows, features: whole.brisqueFeatures, brisque: whole.brisque });
          expect(Math.abs(cut.laplacianVariance - whole.laplacianVariance) / whole.laplacianVariance).toBeLessThan(1e-12);
          expect(cut.greyMean).toBe(whole.greyMean);
        }
      }
    } finally {
      await Promise.all([pool.close(), inProcess.close()]);
    }
  }, 120_000);

  test('a run the model rejects fails with SCORING_FAILED and the worker pool goes on working', async () => {
    const pool = await openOnnxWorkerPool(QUALITY_MODEL_PATHS.finish, { workers: 2 });
    const feeds = (strips: number) => ({
      strip_sums: { type: 'float64' as const, data: new Float64Array(strips * 54).fill(1), dims: [strips, 54] },
      pixels: { type: 'float64' as const, data: Float64Array.of(100, 25), dims: [2] },
    });
    try {
      await expect(pool.run({ ...feeds(1), pixels: { type: 'float64', data: Float64Array.of(1), dims: [1, 1] } })).rejects.toMatchObject({ code: 'SCORING_FAILED' });
      const results = await Promise.all([pool.run(feeds(1)), pool.run(feeds(3))]);
      expect(results.map((r) => r.grey_mean?.data[0])).toEqual([0.01, 0.03]);
    } finally {
      await pool.close();
    }
    await expect(pool.run(feeds(1))).rejects.toMatchObject({ code: 'SCORING_FAILED', message: 'the ONNX worker pool is closed' });
  });

  test('an image smaller than 8 pixels on a side is refused with SCORING_FAILED', async () => {
    const model = await openQualityModel({ providers: ['cpu'], cpuWorkers: 1 });
    const tiny: RawImage = { data: new Uint8Array(7 * 20 * 3), width: 20, height: 7, channels: 3 };
    try {
      await expect(measureQuality(model, tiny)).rejects.toMatchObject({ code: 'SCORING_FAILED' });
    } finally {
      await model.close();
    }
  });
});

test('a process that exits while strips are in flight keeps its exit code (onnxruntime would abort it)', () => {
  const script = path.join(import.meta.dirname, 'fixtures/exit-while-scoring.mjs');
  for (const afterMs of [30, 250]) {
    const child = spawnSync(process.execPath, [script, String(afterMs)], { encoding: 'utf8', timeout: 60_000 });
    expect({ afterMs, status: child.status, signal: child.signal, started: child.stdout.includes('scoring'), stderr: child.stderr.includes('terminate called') })
      .toEqual({ afterMs, status: 130, signal: null, started: true, stderr: false });
  }
}, 90_000);
