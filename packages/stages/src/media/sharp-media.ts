/**
 * The only module that imports sharp. Everything that decodes, probes or encodes pixels goes
 * through here, and every sharp/libvips failure is translated into a {@link ProofsheetError} code.
 */
import { open, stat } from 'node:fs/promises';
import sharp, { type Metadata } from 'sharp';
import { ProofsheetError, type ErrorCode } from '@proofsheet/core';

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

/** Magic numbers of image formats, to tell "an image we cannot read" from "not an image at all". */
const IMAGE_SIGNATURES: readonly (readonly number[])[] = [
  [0xff, 0xd8, 0xff], // JPEG
  [0x89, 0x50, 0x4e, 0x47], // PNG
  [0x49, 0x49, 0x2a, 0x00], // TIFF little-endian
  [0x4d, 0x4d, 0x00, 0x2a], // TIFF big-endian
  [0x47, 0x49, 0x46, 0x38], // GIF
  [0x42, 0x4d], // BMP
  [0x38, 0x42, 0x50, 0x53], // PSD
  [0x00, 0x00, 0x01, 0x00], // ICO
];

/** Whether the first bytes look like an image container sharp might not read. */
function looksLikeImage(head: Uint8Array): boolean {
  if (IMAGE_SIGNATURES.some((sig) => sig.every((byte, i) => head[i] === byte))) return true;
  const ascii = String.fromCharCode(...head.subarray(0, 12));
  return (ascii.startsWith('RIFF') && ascii.slice(8, 12) === 'WEBP') || ascii.slice(4, 8) === 'ftyp';
}

function tooLarge(file: string, pixels: number, limit: number): ProofsheetError {
  return new ProofsheetError('IMAGE_TOO_LARGE', `image has ${pixels} pixels, over the limit of ${limit}: ${file}`, {
    details: { file, pixels, limit },
  });
}

/**
 * Translates a sharp/libvips error into a code. `fallback` is the code for an unrecognised
 * failure (e.g. `RESIZE_FAILED` when encoding derivatives).
 */
export function toMediaError(error: unknown, file: string, head: Uint8Array | null, fallback: ErrorCode): ProofsheetError {
  if (error instanceof ProofsheetError) return error;
  const message = error instanceof Error ? error.message : String(error);
  const details = { file, reason: firstLine(message) };
  const code = classifyMessage(message, head) ?? fallback;
  return new ProofsheetError(code, `${describe(code)}: ${file} (${firstLine(message)})`, { cause: error, details });
}

function classifyMessage(message: string, head: Uint8Array | null): ErrorCode | null {
  if (/exceeds pixel limit/i.test(message)) return 'IMAGE_TOO_LARGE';
  if (/Input file is missing|ENOENT|EACCES|EISDIR/i.test(message)) return 'FILE_UNREADABLE';
  if (/unsupported image format/i.test(message)) {
    return head !== null && looksLikeImage(head) ? 'IMAGE_UNSUPPORTED' : 'FILE_NOT_IMAGE';
  }
  if (/corrupt|premature end|truncated|not a|invalid|bad|unable to|read error|VipsJpeg|pngload|tiff/i.test(message)) {
    return 'IMAGE_CORRUPT';
  }
  return null;
}

function describe(code: ErrorCode): string {
  switch (code) {
    case 'IMAGE_TOO_LARGE':
      return 'image is larger than the pixel limit';
    case 'FILE_UNREADABLE':
      return 'file cannot be read';
    case 'FILE_NOT_IMAGE':
      return 'file is not an image';
    case 'IMAGE_UNSUPPORTED':
      return 'image format is not supported';
    case 'IMAGE_CORRUPT':
      return 'image data is corrupt';
    default:
      return 'image processing failed';
  }
}

function firstLine(message: string): string {
  return (message.split('\n')[0] ?? message).trim();
}
