/**
 * Stages 5–6 over one original: one decode gives the scoring proxy and the three derivatives
 * (SPEC §3: decode each original once). `scoreFile` is stage 5 alone (the `proofsheet score`
 * command runs exactly this code).
 */
import { done, type StageOutcome } from '@proofsheet/core';
import { DERIVATIVES, toDerivativePaths, toDerivativeRequests, type DerivativePaths } from '../media/derivatives.js';
import { decodeOriginal, type RawImage } from '../media/sharp-media.js';
import type { QualityResult, QualityScorer } from './quality-scorer.js';

/** Options shared by {@link scoreFile} and {@link scoreAndDerive}. */
export interface ScoreFileOptions {
  /** Pixel limit guarding against decompression bombs. */
  readonly limitInputPixels?: number;
}

/**
 * Stage 5 alone: decodes `file` to the scoring proxy and scores it. It decodes at the same size as
 * {@link scoreAndDerive} does, so the proxy, and so every score, is the same as in a run.
 */
export async function scoreFile(scorer: QualityScorer, file: string, options: ScoreFileOptions = {}): Promise<QualityResult> {
  const minDecodeEdge = Math.max(...DERIVATIVES.map((d) => d.longEdge));
  const decoded = await decodeOriginal(file, { ...options, proxyMaxEdge: scorer.proxyMaxEdge, derivatives: [], minDecodeEdge });
  return scorer.score(requireProxy(decoded.proxy));
}

/** What stages 5–6 produce for one row. */
export interface ScoreAndDeriveValue {
  readonly quality: QualityResult;
  readonly derivatives: DerivativePaths;
}

/**
 * Stages 5–6 with one decode: writes the derivatives into `outDir` (`data/derived/<row_id>/`) and
 * scores the proxy. Throws `ProofsheetError` (`IMAGE_*`, `RESIZE_FAILED`, `SCORING_FAILED`, …).
 */
export async function scoreAndDerive(
  scorer: QualityScorer,
  file: string,
  outDir: string,
  options: ScoreFileOptions = {},
): Promise<StageOutcome<ScoreAndDeriveValue>> {
  const derivatives = await toDerivativeRequests(outDir);
  const decoded = await decodeOriginal(file, { ...options, proxyMaxEdge: scorer.proxyMaxEdge, derivatives });
  const quality = await scorer.score(requireProxy(decoded.proxy));
  return done({ quality, derivatives: toDerivativePaths(decoded.derivatives) });
}

function requireProxy(proxy: RawImage | null): RawImage {
  if (proxy === null) throw new Error('decodeOriginal returned no proxy although one was requested');
  return proxy;
}
