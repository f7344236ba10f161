import fs from 'node:fs';
import path from 'node:path';
import { deflateSync } from 'node:zlib';
// Fixtures are generated with real sharp: testkit is test-only (never imported by product code) and
// lists sharp as its own dependency; the owner rule guards product code.
import sharp, { type Sharp } from 'sharp';
import type { ErrorCode } from '@proofsheet/core';

/**
 * What ingest does with a file: it becomes a `Queued` row, is reported as a duplicate of an
 * earlier file, is skipped (hidden files), or becomes an `Error` row with this code.
 */
export type BadInputExpectation = 'queued' | 'duplicate' | 'skipped' | ErrorCode;

/** One generated file and what ingest must do with it. */
export interface BadInput {
  /** Absolute path. */
  readonly file: string;
  /** File name as written (may hold quotes, `;`, `<script>`, emoji …). */
  readonly name: string;
  readonly expect: BadInputExpectation;
  /** Why: what the file is. */
  readonly note: string;
  /** For queued files: the pixel size after EXIF orientation. */
  readonly size?: { readonly width: number; readonly height: number };
}

/**
 * Writes the bad-input corpus into `dir` (created if needed) and returns its manifest, in name
 * order. Everything is generated (sharp or raw bytes), nothing is committed. Decisions:
 * - a PNG or WebP named `.jpg` is a valid image with a misleading name: accepted (content decides);
 * - CMYK JPEG and 16-bit TIFF are valid images: accepted;
 * - a JPEG cut in half has a readable header but no end-of-image marker: `IMAGE_CORRUPT`;
 * - a header that declares 40 000 × 40 000 pixels is a decompression bomb: `IMAGE_TOO_LARGE`;
 * - GIF is an image format we do not accept: `IMAGE_UNSUPPORTED`;
 * - hostile and Unicode names are ordinary images: accepted;
 * - a byte-identical copy of an earlier file is a duplicate, not a second row;
 * - a dangling symbolic link cannot be read: `FILE_UNREADABLE` (hash the inputs with `lstat` first).
 */
export async function buildBadInputs(dir: string): Promise<BadInput[]> {
  fs.mkdirSync(dir, { recursive: true });
  const out: BadInput[] = [];
  const add = (name: string, content: Uint8Array | string, expect: BadInputExpectation, note: string, size?: BadInput['size']): void => {
    const file = path.join(dir, name);
    fs.writeFileSync(file, content);
    out.push({ file, name, expect, note, ...(size ? { size } : {}) });
  };
  const photo = await createJpeg({ width: 320, height: 200, seed: 1 });
  add('empty.jpg', new Uint8Array(0), 'FILE_EMPTY', 'zero-byte file');
  add('text-named.jpg', 'This is a text file, not a photograph.\n', 'FILE_NOT_IMAGE', 'text content with a .jpg name');
  add('html-named.jpeg', '<!doctype html><title>x</title>\n', 'FILE_NOT_IMAGE', 'HTML content with a .jpeg name');
  add('truncated-header.jpg', photo.subarray(0, 120), 'IMAGE_CORRUPT', 'JPEG cut inside its headers');
  const whole = await createJpeg({ width: 320, height: 200, seed: 2 });
  add('truncated-half.jpg', whole.subarray(0, whole.length >> 1), 'IMAGE_CORRUPT', 'JPEG cut in the middle of its scan data');
  add('png-named.jpg', await createPng({ width: 90, height: 60, seed: 3 }), 'queued', 'a valid PNG with a .jpg name', { width: 90, height: 60 });
  add('webp-named.jpg', await rawNoise(64, 48, 4).webp().toBuffer(), 'queued', 'a valid WebP with a .jpg name', { width: 64, height: 48 });
  add('cmyk.jpg', await rawNoise(80, 50, 5).toColourspace('cmyk').jpeg().toBuffer(), 'queued', 'CMYK JPEG', { width: 80, height: 50 });
  add('sixteen-bit.tif', await rawNoise(70, 40, 6).toColourspace('rgb16').tiff().toBuffer(), 'queued', '16-bit TIFF', { width: 70, height: 40 });
  add('rotated-exif-6.jpg', await rawNoise(120, 60, 7).jpeg().withMetadata({ orientation: 6 }).toBuffer(), 'queued', 'stored 120×60 with EXIF orientation 6 (displayed 60×120)', { width: 60, height: 120 });
  add('bomb-header.png', createPngHeaderBomb(40_000, 40_000), 'IMAGE_TOO_LARGE', 'PNG header declaring 40000×40000 pixels');
  add('bomb-sof.jpg', patchJpegSize(await createJpeg({ width: 64, height: 64, seed: 8 }), 40_000, 40_000), 'IMAGE_TOO_LARGE', 'JPEG whose frame header declares 40000×40000 pixels');
  add('animation.gif', await rawNoise(30, 30, 9).gif().toBuffer(), 'IMAGE_UNSUPPORTED', 'GIF: an image format we do not accept');
  add('zz-duplicate-of-png-named.jpg', await createPng({ width: 90, height: 60, seed: 3 }), 'duplicate', 'byte-identical to png-named.jpg');
  add('.DS_Store', 'Bud1\0\0', 'skipped', 'hidden file');
  const dangling = path.join(dir, 'dangling-link.jpg');
  fs.symlinkSync(path.join(dir, 'missing-target.jpg'), dangling);
  out.push({ file: dangling, name: 'dangling-link.jpg', expect: 'FILE_UNREADABLE', note: 'a symbolic link to a file that does not exist (unreadable even for root)' });
  const hostile = ['quote " double.jpg', "quote ' single.jpg", 'semi;colon.jpg', '<script>alert(1)<script>.jpg', 'spaces  and\ttab.jpg', 'emoji 📷 camera.jpg', 'Café Zürich Ærø.jpg', '日本語の写真.jpg', '$(touch pwned) `x`.jpg', '-leading-dash.jpg', 'back\\slash.jpg'];
  for (const [index, name] of hostile.entries()) {
    add(name, await createJpeg({ width: 40 + index, height: 30, seed: 100 + index }), 'queued', 'hostile or Unicode file name', { width: 40 + index, height: 30 });
  }
  return out.sort((a, b) => (a.name < b.name ? -1 : 1));
}

/** Options of {@link createJpeg}. */
export interface JpegOptions {
  readonly width: number;
  readonly height: number;
  /** Different seeds give different pixels (and so different content hashes). */
  readonly seed?: number;
  /** EXIF tags: IFD0 (Make, Model …) and the Exif IFD (DateTimeOriginal, ExposureTime …), as strings. */
  readonly exif?: { readonly IFD0?: Record<string, string>; readonly IFD2?: Record<string, string> };
  readonly orientation?: number;
}

/** A small real JPEG of deterministic noise, optionally with EXIF tags and an orientation. */
export async function createJpeg(options: JpegOptions): Promise<Buffer> {
  let image = rawNoise(options.width, options.height, options.seed ?? 0).jpeg({ quality: 80 });
  if (options.exif) image = image.withExif(options.exif);
  if (options.orientation !== undefined) image = image.withMetadata({ orientation: options.orientation });
  return image.toBuffer();
}

/** A small real PNG of deterministic noise. */
export async function createPng(options: { width: number; height: number; seed?: number }): Promise<Buffer> {
  return rawNoise(options.width, options.height, options.seed ?? 0).png().toBuffer();
}

/** An RGB image of noise from a tiny deterministic generator, as a sharp pipeline. */
function rawNoise(width: number, height: number, seed: number): Sharp {
  const data = Buffer.alloc(width * height * 3);
  let state = (seed * 2654435761 + 12345) >>> 0;
  for (let i = 0; i < data.length; i += 1) {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    data[i] = (state >>> 24) & 0xff;
  }
  return sharp(data, { raw: { width, height, channels: 3 } });
}

/** A PNG with a valid signature and IHDR declaring `width × height`, and one tiny IDAT. */
function createPngHeaderBomb(width: number, height: number): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 0, 0, 0, 0], 8); // 8-bit greyscale
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return Buffer.concat([signature, pngChunk('IHDR', ihdr), pngChunk('IDAT', deflateSync(Buffer.alloc(width + 1))), pngChunk('IEND', Buffer.alloc(0))]);
}

function pngChunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

function crc32(bytes: Uint8Array): number {
  let crc = 0xffffffff;
  for (const byte of bytes) {
    crc ^= byte;
    for (let k = 0; k < 8; k += 1) crc = crc & 1 ? (crc >>> 1) ^ 0xedb88320 : crc >>> 1;
  }
  return (crc ^ 0xffffffff) >>> 0;
}

/** Rewrites the frame size in a JPEG's SOF0/SOF2 segment. */
function patchJpegSize(jpeg: Buffer, width: number, height: number): Buffer {
  const out = Buffer.from(jpeg);
  let pos = 2;
  while (pos + 4 < out.length && out[pos] === 0xff) {
    const marker = out[pos + 1] as number;
    if (marker === 0xc0 || marker === 0xc2) {
      out.writeUInt16BE(height, pos + 5);
      out.writeUInt16BE(width, pos + 7);
      return out;
    }
    pos += 2 + out.readUInt16BE(pos + 2);
  }
  throw new Error('no SOF segment found');
}
