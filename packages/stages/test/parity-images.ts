/**
 * The images of the committed OpenCV parity fixtures, rebuilt deterministically: real photographs
 * from the repository's bundled samples (decoded by sharp, full size and odd-sized crops) and
 * synthetic images with the cases BRISQUE is fragile on (flat clipped areas, smooth gradients,
 * odd sizes, grey pixels). Used by the fixture script (which writes them as PNG for OpenCV) and by
 * the everyday parity test.
 */
import { createHash } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';
import type { RawImage } from '../src/index.js';

/** Repository root. */
export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

/** One parity image: a stable id and its RGB pixels. */
export interface ParityImage {
  readonly id: string;
  readonly image: RawImage;
}

/** sha256 of the pixels (with the size), to tell a stale fixture from a regression. */
export function toPixelHash(image: RawImage): string {
  return createHash('sha256').update(`${image.width}x${image.height}:`).update(image.data).digest('hex').slice(0, 16);
}

async function decode(file: string, crop?: { left: number; top: number; width: number; height: number }): Promise<RawImage> {
  let pipeline = sharp(file).autoOrient().removeAlpha().toColourspace('srgb');
  if (crop) pipeline = pipeline.extract(crop);
  const { data, info } = await pipeline.raw().toBuffer({ resolveWithObject: true });
  return { data: new Uint8Array(data.buffer, data.byteOffset, data.length), width: info.width, height: info.height, channels: 3 };
}

function synthetic(width: number, height: number, seed: number, pixel: (x: number, y: number, noise: () => number) => [number, number, number]): RawImage {
  let state = (seed * 2654435761 + 12345) >>> 0;
  const noise = () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
  const data = new Uint8Array(width * height * 3);
  const clamp = (v: number) => Math.min(255, Math.max(0, Math.round(v)));
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const [r, g, b] = pixel(x, y, noise);
      data.set([clamp(r), clamp(g), clamp(b)], (y * width + x) * 3);
    }
  }
  return { data, width, height, channels: 3 };
}

/** Builds every parity image, in a stable order. */
export async function buildParityImages(): Promise<ParityImage[]> {
  const sample = (name: string) => path.join(REPO_ROOT, 'samples/landscapes', `${name}.jpg`);
  const images: ParityImage[] = [];
  for (const name of ['aitzgorri', 'life', 'picosdeeuropa', 'sunset']) images.push({ id: `sample-${name}`, image: await decode(sample(name)) });
  images.push({ id: 'crop-life-601x403', image: await decode(sample('life'), { left: 17, top: 9, width: 601, height: 403 }) });
  images.push({ id: 'crop-sunset-333x251', image: await decode(sample('sunset'), { left: 400, top: 100, width: 333, height: 251 }) });
  images.push({
    id: 'synthetic-clipped-sky',
    image: synthetic(320, 241, 1, (x, y, n) => (y < 90 ? [255, 255, 255] : y > 200 ? [0, 0, 0] : [120 + 60 * Math.sin(x / 7) + 30 * n(), 100 + y / 3, 80 + 40 * n()])),
  });
  images.push({ id: 'synthetic-smooth-gradient', image: synthetic(257, 193, 2, (x, y) => [x, (x + y) / 2, y]) });
  images.push({ id: 'synthetic-grey-noise', image: synthetic(131, 97, 3, (_x, _y, n) => { const v = 128 + 90 * (n() - 0.5); return [v, v, v]; }) });
  images.push({
    id: 'synthetic-edges-blur',
    image: synthetic(300, 200, 4, (x, y, n) => { const v = ((x >> 4) + (y >> 4)) % 2 === 0 ? 200 : 40; return [v + 8 * n(), v * 0.8 + 8 * n(), v * 0.6 + 8 * n()]; }),
  });
  return images;
}

/** Writes `image` as a lossless PNG (what OpenCV reads for the reference values). */
export async function writePng(image: RawImage, file: string): Promise<void> {
  await sharp(image.data, { raw: { width: image.width, height: image.height, channels: 3 } }).png().toFile(file);
}
