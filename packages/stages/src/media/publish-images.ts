/**
 * The image half of publish's "prepare" step (SPEC §11): the web image and the website thumbnail,
 * made from the original. Metadata (caption, keywords, GPS removal) is written afterwards by the
 * publisher's metadata writer; this module only makes pixels and keeps the original's EXIF.
 */
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { ProofsheetError } from '@proofsheet/core';
import { writeFittedJpeg, type WrittenDerivative } from './sharp-media.js';

/** The website's boxes: the web image fits inside 1500×1000, the thumbnail inside 548×365 (shrink only). */
export const PUBLISH_IMAGE_BOXES = {
  web: { maxWidth: 1500, maxHeight: 1000 },
  thumb: { maxWidth: 548, maxHeight: 365 },
} as const;

/** What to make, and where. */
export interface PublishImagesRequest {
  /** The original image (the staged incoming copy). */
  readonly source: string;
  /** Output paths; their folders are created. */
  readonly webFile: string;
  readonly thumbFile: string;
  /** JPEG quality (config `publish.jpegQuality`, default 90). */
  readonly quality: number;
  /** Watermark text drawn bottom-right on the web image only; null for none. */
  readonly watermark: string | null;
}

/** The two files as written. */
export interface PublishImages {
  readonly web: WrittenDerivative;
  readonly thumb: WrittenDerivative;
}

/**
 * Makes the web image and the thumbnail of `request.source`: EXIF-oriented, fitted (never
 * upscaled), sRGB with the profile embedded, the original's EXIF kept. Each file is written under a
 * temporary name and renamed, so a file at its final path is always complete.
 */
export async function renderPublishImages(request: PublishImagesRequest): Promise<PublishImages> {
  for (const file of [request.webFile, request.thumbFile]) {
    try {
      await mkdir(path.dirname(file), { recursive: true });
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? 'EIO';
      throw new ProofsheetError(code === 'ENOSPC' ? 'DISK_FULL' : 'RESIZE_FAILED', `cannot create folder for ${file} (${code})`, { cause: error, details: { file, errno: code } });
    }
  }
  const watermark = request.watermark;
  const web = await writeFittedJpeg(request.source, {
    file: request.webFile,
    ...PUBLISH_IMAGE_BOXES.web,
    quality: request.quality,
    keepExif: true,
    overlay: watermark ? (width, height) => toWatermarkSvg(watermark, width, height) : null,
  });
  const thumb = await writeFittedJpeg(request.source, { file: request.thumbFile, ...PUBLISH_IMAGE_BOXES.thumb, quality: request.quality, keepExif: true, overlay: null });
  return { web, thumb };
}

/** An SVG the size of the image with `text` right-aligned at the bottom (white, thin dark outline). */
export function toWatermarkSvg(text: string, width: number, height: number): Buffer {
  const size = Math.max(10, Math.round(Math.min(width, height) * 0.035));
  const margin = Math.round(size * 0.8);
  const escaped = text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
  return Buffer.from(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">` +
      `<text x="${width - margin}" y="${height - margin}" text-anchor="end" font-family="sans-serif" font-size="${size}" ` +
      `fill="#ffffff" fill-opacity="0.8" stroke="#000000" stroke-opacity="0.4" stroke-width="1">${escaped}</text></svg>`,
  );
}
