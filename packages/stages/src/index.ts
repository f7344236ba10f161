/**
 * @proofsheet/stages — stages 5–7: quality scoring (onnxruntime-node), image derivatives (sharp)
 * and caption prefill. A stage is `(input, ctx) → Promise<StageOutcome>`; it does not know the
 * queue exists.
 */
export {
  probeImage,
  decodeOriginal,
  resizeRawImage,
  DEFAULT_LIMIT_INPUT_PIXELS,
  type ImageProbe,
  type ProbeOptions,
  type RawImage,
  type DecodeOptions,
  type DecodedOriginal,
  type DerivativeRequest,
  type WrittenDerivative,
} from './media/sharp-media.js';
export { renderPublishImages, toWatermarkSvg, PUBLISH_IMAGE_BOXES, type PublishImagesRequest, type PublishImages } from './media/publish-images.js';
export { deriveImages, DERIVATIVES, type DerivativePaths, type DeriveOptions } from './media/derivatives.js';
export {
  createQualityScorer,
  DEFAULT_PROVIDERS,
  type QualityScorer,
  type QualityScorerOptions,
  type QualityResult,
  type QualityDetail,
  type MetricDetail,
} from './quality/quality-scorer.js';
export { scoreFile, scoreAndDerive, type ScoreFileOptions, type ScoreAndDeriveValue } from './quality/score-file.js';
export { toQr, toQuality, toBlurScore, toBrightnessScore, toContrastScore, toBrisqueNorm, QR_WEIGHTS, type QualityScores } from './quality/scores.js';
export type { LearnedModelSpec } from './quality/learned-model.js';
export {
  describeAttempts,
  listOnnxBackends,
  type ExecutionProvider,
  type ProviderAttempt,
} from './quality/onnx-runtime.js';
export { QUALITY_MODEL_PATHS } from './quality/technical-model.js';
export * from './caption/index.js';
