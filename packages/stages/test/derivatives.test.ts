import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { describe, expect } from 'vitest';
import sharp, { type Color } from 'sharp';
import { test } from '@proofsheet/testkit';
import { DERIVATIVES, deriveImages } from '../src/index.js';

type Case = { name: string; make: () => Promise<Buffer>; expectRgb?: [number, number, number] };

const solid = (width: number, height: number, channels: 3 | 4, background: Color) => sharp({ create: { width, height, channels, background } });

const CASES: Case[] = [
  { name: 'cmyk.jpg', make: () => solid(2400, 1600, 3, '#a06050').toColourspace('cmyk').jpeg({ quality: 95 }).toBuffer(), expectRgb: [160, 96, 80] },
  { name: 'sixteen.png', make: () => solid(2000, 1000, 3, '#2060c0').toColourspace('rgb16').png().toBuffer(), expectRgb: [32, 96, 192] },
  { name: 'sixteen.tif', make: () => solid(1800, 1200, 3, '#20c060').toColourspace('rgb16').tiff().toBuffer(), expectRgb: [32, 192, 96] },
  { name: 'alpha.png', make: () => solid(1700, 1700, 4, { r: 10, g: 20, b: 30, alpha: 0 }).png().toBuffer(), expectRgb: [255, 255, 255] },
  { name: 'grey.jpg', make: () => solid(3000, 2000, 3, '#808080').toColourspace('b-w').jpeg().toBuffer(), expectRgb: [128, 128, 128] },
  { name: 'rotated.jpg', make: () => solid(3200, 1600, 3, '#404040').jpeg().withMetadata({ orientation: 6 }).toBuffer() },
  { name: 'small.png', make: () => solid(300, 200, 3, '#a0a0a0').png().toBuffer() },
];

/** Expected size of a derivative: long edge bounded, never upscaled, aspect kept. */
function expectedSize(width: number, height: number, longEdge: number): { width: number; height: number } {
  const scale = Math.min(1, longEdge / Math.max(width, height));
  return { width: Math.round(width * scale), height: Math.round(height * scale) };
}

describe('deriveImages', () => {
  test('CMYK, 16-bit, alpha, grey, PNG and EXIF-rotated inputs give EXIF-oriented sRGB JPEGs with the profile embedded', async ({ tmp }) => {
    for (const c of CASES) {
      const file = tmp.write(`in/${c.name}`, await c.make());
      const source = await sharp(file).metadata();
      const out = await deriveImages(file, tmp.join('out', c.name));
      for (const d of DERIVATIVES) {
        const written = out[`${d.name}_path` as 'model_path'];
        const meta = await sharp(written).metadata();
        const size = expectedSize(source.autoOrient.width, source.autoOrient.height, d.longEdge);
        expect({ case: c.name, d: d.name, format: meta.format, space: meta.space, channels: meta.channels, icc: meta.hasProfile, orientation: meta.orientation ?? 1, width: meta.width, height: meta.height })
          .toEqual({ case: c.name, d: d.name, format: 'jpeg', space: 'srgb', channels: 3, icc: true, orientation: 1, ...size });
        expect(out.sizes[d.name]).toEqual(size);
        if (c.expectRgb) {
          const { data } = await sharp(written).extract({ left: 0, top: 0, width: 4, height: 4 }).raw().toBuffer({ resolveWithObject: true });
          const rgb = [data[0] ?? 0, data[1] ?? 0, data[2] ?? 0];
          rgb.forEach((v, i) => expect(Math.abs(v - (c.expectRgb?.[i] ?? 0)), `${c.name} ${d.name} channel ${i}`).toBeLessThanOrEqual(16));
        }
      }
    }
  }, 60_000);

  test('the embedded profile is sRGB', async ({ tmp }) => {
    const file = tmp.write('in.png', await solid(500, 400, 3, '#336699').png().toBuffer());
    const out = await deriveImages(file, tmp.join('out'));
    const icc = (await sharp(out.thumb_path).metadata()).icc ?? Buffer.alloc(0);
    expect(icc.toString('utf16le') + icc.toString('latin1')).toMatch(/sRGB|s\u0000R\u0000G\u0000B/);
  });

  test('failures carry codes: unwritable output → RESIZE_FAILED, pixel limit → IMAGE_TOO_LARGE, corrupt → IMAGE_CORRUPT', async ({ tmp }) => {
    const file = tmp.write('in.png', await solid(640, 480, 3, '#336699').png().toBuffer());
    writeFileSync(tmp.join('a-file'), 'x');
    const codeOf = (p: Promise<unknown>) => p.then(() => 'no error', (e: { code?: string }) => e.code ?? 'no code');
    mkdirSync(tmp.join('blocked/model.jpg'), { recursive: true });
    expect({
      folderIsFile: await codeOf(deriveImages(file, tmp.join('a-file', 'sub'))),
      targetIsDirectory: await codeOf(deriveImages(file, tmp.join('blocked'))),
      bomb: await codeOf(deriveImages(file, tmp.join('out'), { limitInputPixels: 640 * 479 })),
      corrupt: await codeOf(deriveImages(tmp.write('cut.png', readFileSync(file).subarray(0, 200)), tmp.join('out2'))),
    }).toEqual({ folderIsFile: 'RESIZE_FAILED', targetIsDirectory: 'RESIZE_FAILED', bomb: 'IMAGE_TOO_LARGE', corrupt: 'IMAGE_CORRUPT' });
  });
});
