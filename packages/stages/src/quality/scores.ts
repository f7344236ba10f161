/**
 * The pure formulas of SPEC §6: technical scores from the measured statistics, BRISQUE
 * normalisation, QR (weighted mean over the metrics that ran) and the QC band.
 */
import { toQcStatus, type QcStatus } from '@proofsheet/core';

/** The six scores as stored in `review_queue`; NULL when the metric did not run. */
export interface QualityScores {
  readonly blur_score: number | null;
  readonly brightness_score: number | null;
  readonly contrast_score: number | null;
  readonly brisque_score: number | null;
  readonly nima_score: number | null;
  readonly clip_aesthetic_score: number | null;
}

/** QR weights (SPEC §6). `brisque` applies to brisque_norm. */
export const QR_WEIGHTS = {
  clip_aesthetic_score: 0.23,
  nima_score: 0.2,
  blur_score: 0.17,
  brightness_score: 0.17,
  contrast_score: 0.13,
  brisque_score: 0.1,
} as const satisfies Record<keyof QualityScores, number>;

const clamp = (value: number, lo: number, hi: number) => Math.min(Math.max(value, lo), hi);

/** blur = min(var(Laplacian)/200, 1)·10. */
export function toBlurScore(laplacianVariance: number): number {
  return clamp(laplacianVariance / 200, 0, 1) * 10;
}

/** brightness = (1 − |mean − 128| / 128)·10, clamped to 0–10. */
export function toBrightnessScore(greyMean: number): number {
  return clamp(1 - Math.abs(greyMean - 128) / 128, 0, 1) * 10;
}

/** contrast = min(std/64, 1)·10. */
export function toContrastScore(greyStd: number): number {
  return clamp(greyStd / 64, 0, 1) * 10;
}

/** brisque_norm = (1 − min(b/100, 1))·10 (BRISQUE: lower is better). */
export function toBrisqueNorm(brisque: number): number {
  return (1 - clamp(brisque / 100, 0, 1)) * 10;
}

/**
 * QR: weighted mean over the metrics that ran, renormalised over their weights, 2 decimals;
 * `null` when none ran.
 */
export function toQr(scores: QualityScores): number | null {
  let weighted = 0;
  let weights = 0;
  for (const [key, weight] of Object.entries(QR_WEIGHTS) as [keyof QualityScores, number][]) {
    const value = scores[key];
    if (value === null || !Number.isFinite(value)) continue;
    weighted += weight * (key === 'brisque_score' ? toBrisqueNorm(value) : clamp(value, 0, 10));
    weights += weight;
  }
  if (weights === 0) return null;
  return Math.round((weighted / weights) * 100) / 100;
}

/** QR and its QC band. */
export function toQuality(scores: QualityScores): { QR: number | null; QC_Status: QcStatus } {
  const QR = toQr(scores);
  return { QR, QC_Status: toQcStatus(QR) };
}
