import fs from 'node:fs';
import sharp from 'sharp';
import { describe, expect } from 'vitest';
import { createJpeg, createPng, test } from '@proofsheet/testkit';
import { checkJpegEnd } from '../src/files/check-jpeg-end.js';

describe('checkJpegEnd', () => {
  test('complete, trailing data, truncated and unparseable files', async ({ tmp }) => {
    const jpeg = await createJpeg({ width: 200, height: 120, seed: 11, exif: { IFD0: { Make: 'Canon', Model: 'EOS' } } });
    const cases: Array<[string, Uint8Array, string]> = [
      ['whole.jpg', jpeg, 'complete'],
      ['trailer.jpg', Buffer.concat([jpeg, Buffer.from('maker trailer after the end marker')]), 'complete'],
      ['big-trailer.jpg', Buffer.concat([jpeg, Buffer.alloc(200_000, 7)]), 'complete'],
      ['half.jpg', jpeg.subarray(0, jpeg.length >> 1), 'truncated'],
      ['no-eoi.jpg', jpeg.subarray(0, jpeg.length - 2), 'truncated'],
      ['png.png', await createPng({ width: 10, height: 10 }), 'unknown'],
    ];
    for (const [name, bytes, expected] of cases) {
      expect([name, await checkJpegEnd(tmp.write(name, bytes))]).toEqual([name, expected]);
    }
  });

  test('a progressive JPEG (several scans) is complete; cut short it is truncated', async ({ tmp }) => {
    const base = await createJpeg({ width: 300, height: 200, seed: 12 });
    const file = tmp.write('base.jpg', base);
    expect(await checkJpegEnd(file)).toBe('complete');
    const progressive = await sharp(base).jpeg({ progressive: true }).toBuffer();
    expect(await checkJpegEnd(tmp.write('progressive.jpg', progressive))).toBe('complete');
    expect(await checkJpegEnd(tmp.write('progressive-cut.jpg', progressive.subarray(0, Math.floor(progressive.length * 0.8))))).toBe('truncated');
    expect(fs.existsSync(file)).toBe(true);
  });
});
