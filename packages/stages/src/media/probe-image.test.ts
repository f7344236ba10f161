import { readFileSync } from 'node:fs';
import { describe, expect } from 'vitest';
import sharp from 'sharp';
import { test } from '@proofsheet/testkit';
import { probeImage } from '../index.js';

const solid = (width: number, height: number) =>
  sharp({ create: { width, height, channels: 3, background: { r: 200, g: 80, b: 40 } } });

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return 'no error';
  } catch (error) {
    return (error as { code?: string }).code ?? 'no code';
  }
}

describe('probeImage', () => {
  test('reads header facts, with width/height after EXIF orientation', async ({ tmp }) => {
    const file = tmp.join('rotated.jpg');
    await solid(300, 200).jpeg().withMetadata({ orientation: 6 }).toFile(file);
    expect(await probeImage(file)).toEqual({
      format: 'jpeg', width: 200, height: 300, orientation: 6, space: 'srgb', channels: 3,
      depth: 'uchar', hasAlpha: false, hasProfile: true, pages: 1,
    });
  });

  test('reports 16-bit, alpha and CMYK inputs', async ({ tmp }) => {
    const png16 = tmp.join('a.png');
    await sharp({ create: { width: 8, height: 8, channels: 4, background: '#123456' } }).toColourspace('rgb16').png().toFile(png16);
    const cmyk = tmp.join('c.jpg');
    await solid(8, 8).toColourspace('cmyk').jpeg().toFile(cmyk);
    expect(await probeImage(png16)).toMatchObject({ format: 'png', depth: 'ushort', hasAlpha: true, channels: 4 });
    expect(await probeImage(cmyk)).toMatchObject({ format: 'jpeg', space: 'cmyk', channels: 4 });
  });

  test('translates failures into codes', async ({ tmp }) => {
    const good = tmp.join('good.jpg');
    await solid(64, 64).jpeg().toFile(good);
    const gif = tmp.join('x.gif');
    await solid(8, 8).gif().toFile(gif);
    const bmpHeader = Uint8Array.from([0x42, 0x4d, ...new Array<number>(60).fill(7)]);
    const cases = {
      missing: tmp.join('missing.jpg'),
      directory: tmp.path,
      empty: tmp.write('empty.jpg', ''),
      text: tmp.write('text.jpg', 'this is not an image at all'),
      headerOnly: tmp.write('cut.jpg', readFileSync(good).subarray(0, 12)),
      gif,
      bmp: tmp.write('x.bmp', bmpHeader),
    };
    const codes: Record<string, string> = {};
    for (const [name, file] of Object.entries(cases)) codes[name] = await codeOf(probeImage(file));
    codes.bomb = await codeOf(probeImage(good, { limitInputPixels: 64 * 63 }));
    expect(codes).toEqual({
      missing: 'FILE_UNREADABLE', directory: 'FILE_UNREADABLE', empty: 'FILE_EMPTY', text: 'FILE_NOT_IMAGE',
      headerOnly: 'IMAGE_CORRUPT', gif: 'IMAGE_UNSUPPORTED', bmp: 'IMAGE_UNSUPPORTED', bomb: 'IMAGE_TOO_LARGE',
    });
  });
});

describe('toMediaError', () => {
  test('a codec this libvips build lacks is IMAGE_UNSUPPORTED, not IMAGE_CORRUPT', async () => {
    const { toMediaError } = await import('./media-errors.js');
    const heic = toMediaError(new Error('heifload: Unsupported feature: Unsupported codec (4.3000)'), 'x.heic', null, 'IMAGE_CORRUPT');
    const cut = toMediaError(new Error('VipsJpeg: premature end of JPEG image'), 'x.jpg', null, 'IMAGE_CORRUPT');
    expect([heic.code, cut.code]).toEqual(['IMAGE_UNSUPPORTED', 'IMAGE_CORRUPT']);
  });
});
