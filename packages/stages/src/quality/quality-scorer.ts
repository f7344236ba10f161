/**
 * Stage 5's scorer: opens the quality model (and any configured learned models) once on the first
 * execution provider that loads, then scores decoded proxies. Returns the values the pipeline
 * persists: the six scores, QR, QC_Status and `quality_detail`.
 */
import { access } from 'node:fs/promises';
import path from 'node:path';
import { ProofsheetError, type QcStatus } from '@proofsheet/core';
import type { RawImage } from '../media/sharp-media.js';
import { scoreLearned, type LearnedModelSpec } from './learned-model.js';
import { describeAttempts, openOnnxSession, type ExecutionProvider, type OnnxSession, type ProviderAttempt } from './onnx-runtime.js';
import { toBlurScore, toBrightnessScore, toContrastScore, toQuality, type QualityScores } from './scores.js';
import { measureQuality, openQualityModel, type QualityModel } from './technical-model.js';

/** Options of {@link createQualityScorer} (config `quality.*`). */
export interface QualityScorerOptions {
  /** Execution providers in order of preference (default `["cuda", "webgpu", "cpu"]`). */
  readonly providers?: readonly ExecutionProvider[];
  /** Operator-supplied learned models; `null` = not configured. */
  readonly models?: { readonly nima?: LearnedModelSpec | null; readonly clipAesthetic?: LearnedModelSpec | null };
  /** Relative model paths are resolved against this directory (the project root). */
  readonly baseDir?: string;
  /** Long edge of the scoring proxy (default 4096). */
  readonly proxyMaxEdge?: number;
  /** Worker threads for the CPU provider (default: one per core, at most 4). */
  readonly cpuWorkers?: number;
  /** Receives one human line at startup (`quality: provider=cpu …`). */
  readonly log?: (line: string) => void;
  /** Receives what silently changes how scoring runs (worker threads unavailable: one core). */
  readonly warn?: (line: string) => void;
}

/** Per-metric status in `quality_detail`. */
export type MetricDetail =
  | { readonly status: 'ok'; readonly [key: string]: unknown }
  | { readonly status: 'not configured' }
  | { readonly status: 'failed'; readonly reason: string };

/** `quality_detail` (JSON column): which metrics ran, on which execution provider. */
export interface QualityDetail {
  readonly provider: ExecutionProvider;
  readonly providers_tried: readonly ProviderAttempt[];
  readonly proxy: { readonly width: number; readonly height: number };
  readonly metrics: Readonly<Record<'blur' | 'brightness' | 'contrast' | 'brisque' | 'nima' | 'clip_aesthetic', MetricDetail>>;
}

/** Stage 5's result for one image. */
export interface QualityResult extends QualityScores {
  readonly QR: number | null;
  readonly QC_Status: QcStatus;
  readonly quality_detail: QualityDetail;
}

/** An open scorer; call {@link QualityScorer.close} when done. */
export interface QualityScorer {
  readonly provider: ExecutionProvider;
  readonly attempts: readonly ProviderAttempt[];
  readonly proxyMaxEdge: number;
  /** Scores a decoded proxy (RGB, long edge ≤ proxyMaxEdge). Throws `SCORING_FAILED`. */
  score(proxy: RawImage): Promise<QualityResult>;
  close(): Promise<void>;
}

/** Default provider order (SPEC §6). */
export const DEFAULT_PROVIDERS: readonly ExecutionProvider[] = ['cuda', 'webgpu', 'cpu'];

const round = (value: number, digits: number) => Math.round(value * 10 ** digits) / 10 ** digits;

/** Opens the scorer: the quality model on the first provider that loads, then the learned models on it. */
export async function createQualityScorer(options: QualityScorerOptions = {}): Promise<QualityScorer> {
  const providers = options.providers ?? DEFAULT_PROVIDERS;
  const main = await openQualityModel({ providers, ...(options.cpuWorkers === undefined ? {} : { cpuWorkers: options.cpuWorkers }) });
  let learned: Learned;
  try {
    learned = await openLearned(options, [main.provider]);
  } catch (error) {
    await main.close(); // the worker threads must not outlive a scorer that failed to open
    throw error;
  }
  options.log?.(
    `quality: provider=${main.provider} (${describeAttempts(main.attempts)}) workers=${main.parallelism} nima=${learned.nima ? 'configured' : 'not configured'} ` +
      `clip_aesthetic=${learned.clipAesthetic ? 'configured' : 'not configured'}`,
  );
  if (main.singleCoreReason !== null) options.warn?.(`quality: worker threads unavailable, scoring runs on one core (${main.singleCoreReason})`);
  return {
    provider: main.provider,
    attempts: main.attempts,
    proxyMaxEdge: options.proxyMaxEdge ?? 4096,
    score: (proxy) => scoreProxy(main, learned, proxy),
    async close() {
      await Promise.all([main.close(), learned.nima?.session.close(), learned.clipAesthetic?.session.close()]);
    },
  };
}

interface LoadedModel {
  readonly spec: LearnedModelSpec;
  readonly session: OnnxSession;
}

type Learned = { readonly nima: LoadedModel | null; readonly clipAesthetic: LoadedModel | null };

/** Opens the configured learned models; on failure the ones already open are closed again. */
async function openLearned(options: QualityScorerOptions, providers: readonly ExecutionProvider[]): Promise<Learned> {
  const open = async (name: string, spec: LearnedModelSpec | null | undefined): Promise<LoadedModel | null> => {
    if (spec === null || spec === undefined) return null;
    const file = path.resolve(options.baseDir ?? process.cwd(), spec.path);
    try {
      await access(file);
    } catch (error) {
      throw new ProofsheetError('CONFIG_INVALID', `quality.models.${name}.path: model file not found: ${file}`, { cause: error, details: { file } });
    }
    const session = await openOnnxSession(file, { providers: [...new Set<ExecutionProvider>([...providers, 'cpu'])] });
    return { spec: { ...spec, path: file }, session };
  };
  const nima = await open('nima', options.models?.nima);
  try {
    return { nima, clipAesthetic: await open('clipAesthetic', options.models?.clipAesthetic) };
  } catch (error) {
    await nima?.session.close();
    throw error;
  }
}

async function scoreProxy(main: QualityModel, learned: Learned, proxy: RawImage): Promise<QualityResult> {
  const m = await measureQuality(main, proxy);
  const brisqueOk = Number.isFinite(m.brisque);
  const nima = learned.nima === null ? null : await scoreLearned(learned.nima.session, learned.nima.spec, proxy);
  const clip = learned.clipAesthetic === null ? null : await scoreLearned(learned.clipAesthetic.session, learned.clipAesthetic.spec, proxy);
  const scores: QualityScores = {
    blur_score: round(toBlurScore(m.laplacianVariance), 4),
    brightness_score: round(toBrightnessScore(m.greyMean), 4),
    contrast_score: round(toContrastScore(m.greyStd), 4),
    brisque_score: brisqueOk ? round(m.brisque, 4) : null,
    nima_score: nima,
    clip_aesthetic_score: clip,
  };
  const learnedDetail = (model: LoadedModel | null, score: number | null): MetricDetail =>
    model === null ? { status: 'not configured' } : { status: 'ok', model: path.basename(model.spec.path), provider: model.session.provider, score };
  return {
    ...scores,
    ...toQuality(scores),
    quality_detail: {
      provider: main.provider,
      providers_tried: main.attempts,
      proxy: { width: proxy.width, height: proxy.height },
      metrics: {
        blur: { status: 'ok', laplacian_variance: round(m.laplacianVariance, 6) },
        brightness: { status: 'ok', grey_mean: round(m.greyMean, 6) },
        contrast: { status: 'ok', grey_std: round(m.greyStd, 6) },
        brisque: brisqueOk ? { status: 'ok', model: 'opencv-live', raw: m.brisque } : { status: 'failed', reason: 'BRISQUE is undefined for this image (degenerate statistics)' },
        nima: learnedDetail(learned.nima, nima),
        clip_aesthetic: learnedDetail(learned.clipAesthetic, clip),
      },
    },
  };
}
