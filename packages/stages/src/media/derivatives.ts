/**
 * Stage 6's derivatives (SPEC §3): model image for the captioner, review preview and grid
 * thumbnail, under `data/derived/<row_id>/`.
 */
import { mkdir } from 'node:fs/promises';
import { ProofsheetError } from '@proofsheet/core';
import path from 'node:path';
import { decodeOriginal, type DerivativeRequest, type WrittenDerivative } from './sharp-media.js';

/** The three derivatives: name, file name, long edge and JPEG quality. */
export const DERIVATIVES = [
  { name: 'model', fileName: 'model.jpg', longEdge: 1024, quality: 85 },
  { name: 'preview', fileName: 'preview.jpg', longEdge: 1600, quality: 85 },
  { name: 'thumb', fileName: 'thumb.jpg', longEdge: 400, quality: 80 },
] as const;

/** Paths of the written derivatives, as the pipeline stores them. */
export interface DerivativePaths {
  readonly model_path: string;
  readonly preview_path: string;
  readonly thumb_path: string;
  readonly sizes: Readonly<Record<'model' | 'preview' | 'thumb', { width: number; height: number }>>;
}

/** Options of {@link deriveImages}. */
export interface DeriveOptions {
  readonly limitInputPixels?: number;
}

/** The requests for `outDir` (creating it). */
export async function toDerivativeRequests(outDir: string): Promise<DerivativeRequest[]> {
  try {
    await mkdir(outDir, { recursive: true });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'EIO';
    throw new ProofsheetError(code === 'ENOSPC' ? 'DISK_FULL' : 'RESIZE_FAILED', `cannot create derivative folder ${outDir} (${code})`, {
      cause: error,
      details: { outDir, errno: code },
    });
  }
  return DERIVATIVES.map((d) => ({ name: d.name, file: path.join(outDir, d.fileName), longEdge: d.longEdge, quality: d.quality }));
}

/** Collects written derivatives into {@link DerivativePaths}. */
export function toDerivativePaths(written: readonly WrittenDerivative[]): DerivativePaths {
  const byName = new Map(written.map((w) => [w.name, w]));
  const get = (name: 'model' | 'preview' | 'thumb') => {
    const found = byName.get(name);
    if (found === undefined) throw new Error(`derivative ${name} was not written`);
    return found;
  };
  const size = (name: 'model' | 'preview' | 'thumb') => ({ width: get(name).width, height: get(name).height });
  return {
    model_path: get('model').file,
    preview_path: get('preview').file,
    thumb_path: get('thumb').file,
    sizes: { model: size('model'), preview: size('preview'), thumb: size('thumb') },
  };
}

/**
 * Stage 6 alone: decodes `file` once (shrink-on-load to 1600 px) and writes the three derivatives
 * into `outDir`. Throws `RESIZE_FAILED` or a more specific image code.
 */
export async function deriveImages(file: string, outDir: string, options: DeriveOptions = {}): Promise<DerivativePaths> {
  const derivatives = await toDerivativeRequests(outDir);
  const decoded = await decodeOriginal(file, { ...options, proxyMaxEdge: null, derivatives });
  return toDerivativePaths(decoded.derivatives);
}
