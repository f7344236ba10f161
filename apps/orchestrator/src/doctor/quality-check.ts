import path from 'node:path';
import { createQualityScorer, describeAttempts } from '@proofsheet/stages';
import type { DoctorCheck } from './check.js';

/**
 * `quality`: which ONNX execution provider loads the quality model (from `quality.providers`),
 * why the ones before it did not, and whether the configured NIMA / CLIP-aesthetic models open.
 */
export const qualityCheck: DoctorCheck = {
  name: 'quality',
  required: true,
  async run({ config, paths }) {
    const models = config.quality.models;
    try {
      const scorer = await createQualityScorer({ providers: config.quality.providers, models, baseDir: paths.root });
      await scorer.close();
      const learned = [
        `nima=${models.nima ? path.basename(models.nima.path) : 'not configured'}`,
        `clip_aesthetic=${models.clipAesthetic ? path.basename(models.clipAesthetic.path) : 'not configured'}`,
      ].join(' ');
      return { ok: true, detail: `provider=${scorer.provider} (${describeAttempts(scorer.attempts)}) ${learned}` };
    } catch (error) {
      return { ok: false, detail: error instanceof Error ? error.message : String(error) };
    }
  },
};
