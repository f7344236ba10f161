import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createQualityScorer, type MetricDetail, type QualityResult, type QualityScorer } from '../src/index.js';
import { buildParityImages, toPixelHash, type ParityImage } from './parity-images.js';

interface FixtureEntry {
  readonly id: string;
  readonly pixels: string;
  readonly brisque: number;
  readonly laplacian_variance: number;
  readonly grey_mean: number;
  readonly grey_std: number;
}

const fixture = JSON.parse(readFileSync(path.join(import.meta.dirname, 'fixtures/opencv-parity.json'), 'utf8')) as { entries: FixtureEntry[] };

/** Spearman rank correlation (no ties expected). */
function spearman(a: readonly number[], b: readonly number[]): number {
  const rank = (v: readonly number[]) => {
    const order = v.map((x, i) => [x, i] as const).sort((p, q) => p[0] - q[0]);
    const r = new Array<number>(v.length);
    order.forEach(([, i], k) => (r[i] = k));
    return r;
  };
  const ra = rank(a);
  const rb = rank(b);
  const n = a.length;
  const d2 = ra.reduce((sum, r, i) => sum + (r - (rb[i] ?? 0)) ** 2, 0);
  return 1 - (6 * d2) / (n * (n * n - 1));
}

const num = (detail: MetricDetail | undefined, key: string) => Number((detail as Readonly<Record<string, unknown>> | undefined)?.[key]);
const relative = (actual: number, expected: number) => Math.abs(actual - expected) / Math.max(Math.abs(expected), 1e-9);

describe('quality model vs OpenCV (committed reference values)', () => {
  let scorer: QualityScorer;
  let images: ParityImage[];
  const results = new Map<string, QualityResult>();

  beforeAll(async () => {
    scorer = await createQualityScorer({ providers: ['cpu'] });
    images = await buildParityImages();
    for (const { id, image } of images) results.set(id, await scorer.score(image));
  }, 120_000);
  afterAll(async () => scorer.close());

  test('the fixture describes exactly these pixels', () => {
    expect(images.map(({ id, image }) => ({ id, pixels: toPixelHash(image) }))).toEqual(fixture.entries.map(({ id, pixels }) => ({ id, pixels })));
  });

  test('BRISQUE within 1.0 of OpenCV on every image (in practice: equal), Spearman ≥ 0.99', () => {
    const ours = fixture.entries.map((e) => num(results.get(e.id)?.quality_detail.metrics.brisque, 'raw'));
    const diffs = fixture.entries.map((e, i) => Math.abs((ours[i] ?? Number.NaN) - e.brisque));
    expect(Math.max(...diffs)).toBeLessThan(0.01);
    expect(spearman(ours, fixture.entries.map((e) => e.brisque))).toBeGreaterThanOrEqual(0.99);
  });

  test('Laplacian variance, grey mean and std match OpenCV/numpy to 1e-3 relative', () => {
    for (const e of fixture.entries) {
      const metrics = results.get(e.id)?.quality_detail.metrics;
      const lap = num(metrics?.blur, 'laplacian_variance');
      const mean = num(metrics?.brightness, 'grey_mean');
      const std = num(metrics?.contrast, 'grey_std');
      expect({ id: e.id, lap: relative(lap, e.laplacian_variance) < 1e-3, mean: relative(mean, e.grey_mean) < 1e-3, std: relative(std, e.grey_std) < 1e-3 })
        .toEqual({ id: e.id, lap: true, mean: true, std: true });
    }
  });
});
