import { open } from 'node:fs/promises';

/** Image formats the pipeline accepts (SPEC §3 stage 1), named as sharp names them. */
export type SupportedFormat = 'jpeg' | 'png' | 'tiff' | 'webp' | 'heif';

/**
 * What the first bytes of a file say it is: a supported image format, another image container we
 * do not accept (`unsupported`: GIF, BMP, PSD, ICO, JPEG XL …), or `not-image`.
 */
export type SniffResult =
  | { readonly kind: 'image'; readonly format: SupportedFormat }
  | { readonly kind: 'unsupported'; readonly format: string }
  | { readonly kind: 'not-image' };

/** Bytes read from the start of a file for sniffing. */
export const SNIFF_BYTES = 32;

const HEIF_BRANDS = new Set(['heic', 'heix', 'hevc', 'hevx', 'heim', 'heis', 'mif1', 'msf1', 'avif', 'avis']);

/** Classifies the leading bytes of a file by magic number (extension is never consulted). Pure. */
export function toSniffResult(head: Uint8Array): SniffResult {
  const starts = (...bytes: number[]): boolean => bytes.every((byte, i) => head[i] === byte);
  const ascii = (from: number, to: number): string => String.fromCharCode(...head.subarray(from, to));
  if (starts(0xff, 0xd8, 0xff)) return { kind: 'image', format: 'jpeg' };
  if (starts(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a)) return { kind: 'image', format: 'png' };
  if (starts(0x49, 0x49, 0x2a, 0x00) || starts(0x4d, 0x4d, 0x00, 0x2a)) return { kind: 'image', format: 'tiff' };
  if (ascii(0, 4) === 'RIFF' && ascii(8, 12) === 'WEBP') return { kind: 'image', format: 'webp' };
  if (ascii(4, 8) === 'ftyp' && HEIF_BRANDS.has(ascii(8, 12))) return { kind: 'image', format: 'heif' };
  if (ascii(0, 4) === 'GIF8') return { kind: 'unsupported', format: 'gif' };
  if (starts(0x42, 0x4d)) return { kind: 'unsupported', format: 'bmp' };
  if (ascii(0, 4) === '8BPS') return { kind: 'unsupported', format: 'psd' };
  if (starts(0x00, 0x00, 0x01, 0x00)) return { kind: 'unsupported', format: 'ico' };
  if (starts(0xff, 0x0a) || starts(0x00, 0x00, 0x00, 0x0c, 0x4a, 0x58, 0x4c, 0x20)) return { kind: 'unsupported', format: 'jxl' };
  return { kind: 'not-image' };
}

/** Reads the first {@link SNIFF_BYTES} bytes of `file` and classifies them. Throws the fs error. */
export async function sniffImageFile(file: string): Promise<SniffResult> {
  const handle = await open(file, 'r');
  try {
    const buffer = new Uint8Array(SNIFF_BYTES);
    const { bytesRead } = await handle.read(buffer, 0, SNIFF_BYTES, 0);
    return toSniffResult(buffer.subarray(0, bytesRead));
  } finally {
    await handle.close();
  }
}

/** The extension a staged copy gets for a format (lower case; the content decides, not the source name). */
export function toStagedExtension(format: SupportedFormat): string {
  return { jpeg: '.jpg', png: '.png', tiff: '.tif', webp: '.webp', heif: '.heic' }[format];
}
