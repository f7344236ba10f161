/**
 * The only module that imports sharp. Everything that decodes, probes or encodes pixels goes
 * through here, and every sharp/libvips failure is translated into a {@link ProofsheetError} code.
 */
import { open, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import sharp, { type Metadata, type OutputInfo, type Sharp } from 'sharp';
import { ProofsheetError } from '@proofsheet/core';
import { toMediaError } from './media-errors.js';

/** Default pixel limit (width × height of the stored image) guarding against decompression bombs. */
export const DEFAULT_LIMIT_INPUT_PIXELS = 268_402_689; // sharp's own default (0x3FFF × 0x3FFF)

/** Formats the pipeline accepts (SPEC §3 stage 1); HEIC only when this sharp build can read it. */
const ACCEPTED_FORMATS = new Set(['jpeg', 'png', 'tiff', 'webp', 'heif']);

/** Header facts of an image, read without decoding pixels. */
export interface ImageProbe {
  /** sharp's format name: `jpeg`, `png`, `tiff`, `webp`, `heif`. */
  readonly format: string;
  /** Width after EXIF orientation is applied. */
  readonly width: number;
  /** Height after EXIF orientation is applied. */
  readonly height: number;
  /** EXIF orientation tag, 1 when absent. */
  readonly orientation: number;
  /** libvips interpretation, e.g. `srgb`, `cmyk`, `b-w`, `rgb16`. */
  readonly space: string;
  readonly channels: number;
  /** Band format, e.g. `uchar`, `ushort`. */
  readonly depth: string;
  readonly hasAlpha: boolean;
  readonly hasProfile: boolean;
  /** Number of pages/frames (1 for a still image). */
  readonly pages: number;
}

/** Options of {@link probeImage}. */
export interface ProbeOptions {
  /** Refuse images with more pixels than this (`IMAGE_TOO_LARGE`). */
  readonly limitInputPixels?: number;
}

/**
 * Reads only the header of `file` with sharp. Fails with `FILE_UNREADABLE`, `FILE_EMPTY`,
 * `FILE_NOT_IMAGE`, `IMAGE_CORRUPT`, `IMAGE_TOO_LARGE` or `IMAGE_UNSUPPORTED`.
 */
export async function probeImage(file: string, options: ProbeOptions = {}): Promise<ImageProbe> {
  const head = await readHead(file);
  const limit = options.limitInputPixels ?? DEFAULT_LIMIT_INPUT_PIXELS;
  let meta: Metadata;
  try {
    meta = await sharp(file, { limitInputPixels: limit, failOn: 'none' }).metadata();
  } catch (error) {
    throw toMediaError(error, file, head, 'IMAGE_CORRUPT');
  }
  if (!ACCEPTED_FORMATS.has(meta.format)) {
    throw new ProofsheetError('IMAGE_UNSUPPORTED', `unsupported image format "${meta.format}": ${file}`, {
      details: { file, format: meta.format },
    });
  }
  const width = meta.autoOrient.width;
  const height = meta.autoOrient.height;
  if (width * height > limit) throw tooLarge(file, width * height, limit);
  return {
    format: meta.format,
    width,
    height,
    orientation: meta.orientation ?? 1,
    space: meta.space,
    channels: meta.channels,
    depth: meta.depth,
    hasAlpha: meta.hasAlpha,
    hasProfile: meta.hasProfile,
    pages: meta.pages ?? 1,
  };
}

/** Reads the first bytes of `file`, translating "missing/unreadable/empty" into codes. */
async function readHead(file: string): Promise<Uint8Array> {
  try {
    const info = await stat(file);
    if (!info.isFile()) throw new ProofsheetError('FILE_UNREADABLE', `not a regular file: ${file}`, { details: { file } });
    if (info.size === 0) throw new ProofsheetError('FILE_EMPTY', `file is empty: ${file}`, { details: { file } });
    const handle = await open(file, 'r');
    try {
      const buffer = new Uint8Array(16);
      const { bytesRead } = await handle.read(buffer, 0, 16, 0);
      return buffer.subarray(0, bytesRead);
    } finally {
      await handle.close();
    }
  } catch (error) {
    if (error instanceof ProofsheetError) throw error;
    const code = (error as NodeJS.ErrnoException).code ?? 'EIO';
    throw new ProofsheetError('FILE_UNREADABLE', `cannot read ${file} (${code})`, { cause: error, details: { file, errno: code } });
  }
}

function tooLarge(file: string, pixels: number, limit: number): ProofsheetError {
  return new ProofsheetError('IMAGE_TOO_LARGE', `image has ${pixels} pixels, over the limit of ${limit}: ${file}`, {
    details: { file, pixels, limit },
  });
}


/** Decoded 8-bit sRGB pixels, interleaved RGB (alpha removed). */
export interface RawImage {
  readonly data: Uint8Array;
  readonly width: number;
  readonly height: number;
  readonly channels: 3;
}

/** One JPEG derivative to write. */
export interface DerivativeRequest {
  readonly name: string;
  /** Absolute output path (written to a temporary name, then renamed). */
  readonly file: string;
  /** Long edge in pixels; never upscaled. */
  readonly longEdge: number;
  readonly quality: number;
}

/** A derivative as written. */
export interface WrittenDerivative {
  readonly name: string;
  readonly file: string;
  readonly width: number;
  readonly height: number;
  readonly bytes: number;
}

/** Options of {@link decodeOriginal}. */
export interface DecodeOptions {
  readonly limitInputPixels?: number;
  /** Long edge of the scoring proxy; `null` when no proxy is wanted. */
  readonly proxyMaxEdge: number | null;
  readonly derivatives: readonly DerivativeRequest[];
  /** Decode to at least this long edge even when no derivative needs it (so a proxy made without derivatives equals the one made with them). */
  readonly minDecodeEdge?: number;
}

/** The result of one decode: the header facts, the scoring proxy and the derivatives written. */
export interface DecodedOriginal {
  readonly probe: ImageProbe;
  readonly proxy: RawImage | null;
  readonly derivatives: readonly WrittenDerivative[];
}

/**
 * Decodes `file` once (EXIF-oriented, sRGB, 8-bit, shrink-on-load down to the largest size needed)
 * and makes from those pixels the scoring proxy and every derivative (sRGB JPEG, profile
 * embedded, alpha flattened on white). Decode failures keep their specific code; failures while
 * making derivatives are `RESIZE_FAILED` (`DISK_FULL` when the disk is full).
 */
export async function decodeOriginal(file: string, options: DecodeOptions): Promise<DecodedOriginal> {
  const limit = options.limitInputPixels ?? DEFAULT_LIMIT_INPUT_PIXELS;
  const probe = await probeImage(file, { limitInputPixels: limit });
  const edges = [options.proxyMaxEdge ?? 0, options.minDecodeEdge ?? 0, ...options.derivatives.map((d) => d.longEdge)];
  const decodeEdge = Math.max(...edges);
  let decoded: { data: Buffer; info: OutputInfo };
  try {
    decoded = await sharp(file, { limitInputPixels: limit })
      .autoOrient()
      .resize({ width: decodeEdge, height: decodeEdge, fit: 'inside', withoutEnlargement: true })
      .toColourspace('srgb')
      .raw({ depth: 'uchar' })
      .toBuffer({ resolveWithObject: true });
  } catch (error) {
    throw toMediaError(error, file, null, 'IMAGE_CORRUPT');
  }
  const { data, info } = decoded;
  const raw = { width: info.width, height: info.height, channels: info.channels };
  // allSettled: a failed derivative must not leave the others still writing after we return.
  const settled = await Promise.allSettled(options.derivatives.map((d) => writeDerivative(data, raw, d, file)));
  const failed = settled.find((s) => s.status === 'rejected');
  if (failed !== undefined) throw failed.reason;
  const derivatives = settled.map((s) => (s as PromiseFulfilledResult<WrittenDerivative>).value);
  const proxy = options.proxyMaxEdge === null ? null : await toProxy(data, raw, options.proxyMaxEdge, file);
  return { probe, proxy, derivatives };
}

type RawShape = { width: number; height: number; channels: 1 | 2 | 3 | 4 };

async function toProxy(data: Buffer, raw: RawShape, maxEdge: number, file: string): Promise<RawImage> {
  if (raw.channels === 3 && Math.max(raw.width, raw.height) <= maxEdge) {
    return { data: new Uint8Array(data.buffer, data.byteOffset, data.length), width: raw.width, height: raw.height, channels: 3 };
  }
  return resizeRaw(sharp(data, { raw }), maxEdge, maxEdge, 'inside', file);
}

/**
 * Resizes raw RGB pixels (e.g. the proxy) to `width`×`height` (`fill`: exactly, for learned models
 * with a fixed input size; `inside`: long edge bound, never upscaled).
 */
export async function resizeRawImage(image: RawImage, width: number, height: number, fit: 'fill' | 'inside'): Promise<RawImage> {
  const input = sharp(image.data, { raw: { width: image.width, height: image.height, channels: 3 } });
  return resizeRaw(input, width, height, fit, 'proxy');
}

async function resizeRaw(input: Sharp, width: number, height: number, fit: 'fill' | 'inside', file: string): Promise<RawImage> {
  try {
    const { data, info } = await input
      .resize({ width, height, fit, withoutEnlargement: fit === 'inside' })
      .removeAlpha()
      .raw()
      .toBuffer({ resolveWithObject: true });
    return { data: new Uint8Array(data.buffer, data.byteOffset, data.length), width: info.width, height: info.height, channels: 3 };
  } catch (error) {
    throw toMediaError(error, file, null, 'SCORING_FAILED');
  }
}

async function writeDerivative(data: Buffer, raw: RawShape, request: DerivativeRequest, source: string): Promise<WrittenDerivative> {
  const temporary = `${request.file}.partial`;
  try {
    const info = await sharp(data, { raw })
      .resize({ width: request.longEdge, height: request.longEdge, fit: 'inside', withoutEnlargement: true })
      .flatten({ background: '#ffffff' })
      .withIccProfile('srgb')
      .jpeg({ quality: request.quality })
      .toFile(temporary);
    await rename(temporary, request.file);
    return { name: request.name, file: request.file, width: info.width, height: info.height, bytes: info.size };
  } catch (error) {
    await rm(temporary, { force: true });
    throw toMediaError(error, source, null, 'RESIZE_FAILED', request.file);
  }
}

/** One fitted JPEG to write from an original (publish images: SPEC §11). */
export interface FittedJpegRequest {
  /** Absolute output path (written to a temporary name, then renamed). */
  readonly file: string;
  /** Fit inside this box; never upscaled. */
  readonly maxWidth: number;
  readonly maxHeight: number;
  readonly quality: number;
  /** Keep the original's EXIF (orientation reset to 1 by the rotation). */
  readonly keepExif: boolean;
  /** An SVG overlay sized from the output size, composited bottom-right; null for none. */
  readonly overlay: ((width: number, height: number) => Buffer) | null;
  readonly limitInputPixels?: number;
}

/**
 * Writes `request.file` from `source`: EXIF-oriented, fitted inside the box (shrink only),
 * converted to sRGB with the sRGB profile embedded, alpha flattened on white, EXIF kept when asked,
 * optional overlay bottom-right. Decode failures keep their code; others are `RESIZE_FAILED`.
 */
export async function writeFittedJpeg(source: string, request: FittedJpegRequest): Promise<WrittenDerivative> {
  const limit = request.limitInputPixels ?? DEFAULT_LIMIT_INPUT_PIXELS;
  const probe = await probeImage(source, { limitInputPixels: limit });
  const scale = Math.min(1, request.maxWidth / probe.width, request.maxHeight / probe.height);
  const width = Math.max(1, Math.round(probe.width * scale));
  const height = Math.max(1, Math.round(probe.height * scale));
  const temporary = `${request.file}.partial`;
  try {
    let image = sharp(source, { limitInputPixels: limit }).autoOrient().resize({ width, height, fit: 'fill' }).flatten({ background: '#ffffff' });
    if (request.overlay) image = image.composite([{ input: request.overlay(width, height), gravity: 'southeast' }]);
    if (request.keepExif) image = image.keepExif();
    const info = await image.toColourspace('srgb').withIccProfile('srgb').jpeg({ quality: request.quality }).toFile(temporary);
    await rename(temporary, request.file);
    return { name: path.basename(request.file), file: request.file, width: info.width, height: info.height, bytes: info.size };
  } catch (error) {
    await rm(temporary, { force: true });
    throw toMediaError(error, source, null, 'RESIZE_FAILED', request.file);
  }
}
