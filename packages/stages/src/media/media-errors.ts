/**
 * Translation of sharp/libvips failures into Proofsheet error codes (no sharp import here: the
 * messages are matched as text).
 */
import { ProofsheetError, type ErrorCode } from '@proofsheet/core';

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
export function looksLikeImage(head: Uint8Array): boolean {
  if (IMAGE_SIGNATURES.some((sig) => sig.every((byte, i) => head[i] === byte))) return true;
  const ascii = String.fromCharCode(...head.subarray(0, 12));
  return (ascii.startsWith('RIFF') && ascii.slice(8, 12) === 'WEBP') || ascii.slice(4, 8) === 'ftyp';
}

/**
 * Translates a sharp/libvips error into a code. `fallback` is the code for an unrecognised
 * failure (e.g. `RESIZE_FAILED` when encoding derivatives).
 */
export function toMediaError(
  error: unknown,
  file: string,
  head: Uint8Array | null,
  fallback: ErrorCode,
  output?: string,
): ProofsheetError {
  if (error instanceof ProofsheetError) return error;
  const message = error instanceof Error ? error.message : String(error);
  const details = output === undefined ? { file, reason: firstLine(message) } : { file, output, reason: firstLine(message) };
  const code = output === undefined ? (classifyMessage(message, head) ?? fallback) : toWriteCode(message, fallback);
  return new ProofsheetError(code, `${describe(code)}: ${file} (${firstLine(message)})`, { cause: error, details });
}

function toWriteCode(message: string, fallback: ErrorCode): ErrorCode {
  return /ENOSPC|No space left/i.test(message) ? 'DISK_FULL' : fallback;
}

function classifyMessage(message: string, head: Uint8Array | null): ErrorCode | null {
  if (/exceeds pixel limit/i.test(message)) return 'IMAGE_TOO_LARGE';
  if (/Input file is missing|ENOENT|EACCES|EISDIR/i.test(message)) return 'FILE_UNREADABLE';
  if (/unsupported image format/i.test(message)) {
    return head !== null && looksLikeImage(head) ? 'IMAGE_UNSUPPORTED' : 'FILE_NOT_IMAGE';
  }
  // e.g. a HEIC whose HEVC codec this libvips build lacks: a real image we cannot decode.
  if (/(unsupported|not supported|no decoder|not built with).*(codec|compression|hevc|heif|av1)|(codec|compression).*(unsupported|not supported)/i.test(message)) {
    return 'IMAGE_UNSUPPORTED';
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
    case 'RESIZE_FAILED':
      return 'could not write derivative';
    case 'DISK_FULL':
      return 'disk full while writing derivative';
    default:
      return 'image processing failed';
  }
}

function firstLine(message: string): string {
  return (message.split('\n')[0] ?? message).trim();
}
