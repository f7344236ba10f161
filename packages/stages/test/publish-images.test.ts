import { readdirSync } from 'node:fs';
import { expect } from 'vitest';
import sharp from 'sharp';
import { test } from '@proofsheet/testkit';
import { renderPublishImages } from '../src/index.js';

/** A 3000×2000 JPEG stored sideways (orientation 6) with camera EXIF and a GPS position. */
function rotatedWithExif(): Promise<Buffer> {
  return sharp({ create: { width: 3000, height: 2000, channels: 3, background: '#406080' } })
    .jpeg({ quality: 90 })
    .withExif({ IFD0: { Make: 'Canon', Model: 'Canon EOS R5' }, IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '52/1 22/1 0/1' } })
    .withMetadata({ orientation: 6 })
    .toBuffer();
}

test('web image and thumbnail: oriented, fitted inside their boxes, sRGB profile, EXIF kept', async ({ tmp }) => {
  const source = tmp.write('in/rotated.jpg', await rotatedWithExif());
  const out = await renderPublishImages({ source, webFile: tmp.join('out/web/a.JPG'), thumbFile: tmp.join('out/thumb/a.JPG'), quality: 90, watermark: null });
  expect([out.web.width, out.web.height]).toEqual([667, 1000]);
  expect([out.thumb.width, out.thumb.height]).toEqual([243, 365]);
  for (const file of [out.web.file, out.thumb.file]) {
    const meta = await sharp(file).metadata();
    expect(meta.format).toBe('jpeg');
    expect(meta.space).toBe('srgb');
    expect(meta.hasProfile).toBe(true);
    expect(meta.orientation ?? 1).toBe(1);
    expect(meta.exif?.toString('latin1')).toContain('Canon EOS R5');
  }
  expect(readdirSync(tmp.join('out/web'))).toEqual(['a.JPG']);
});

test('small images are never upscaled; a landscape fits the width', async ({ tmp }) => {
  const small = tmp.write('in/small.png', await sharp({ create: { width: 400, height: 300, channels: 4, background: { r: 0, g: 0, b: 0, alpha: 0 } } }).png().toBuffer());
  const wide = tmp.write('in/wide.jpg', await sharp({ create: { width: 4000, height: 2000, channels: 3, background: '#808080' } }).jpeg().toBuffer());
  const a = await renderPublishImages({ source: small, webFile: tmp.join('s/w.JPG'), thumbFile: tmp.join('s/t.JPG'), quality: 80, watermark: null });
  expect([a.web.width, a.web.height, a.thumb.width, a.thumb.height]).toEqual([400, 300, 400, 300]);
  const b = await renderPublishImages({ source: wide, webFile: tmp.join('w/w.JPG'), thumbFile: tmp.join('w/t.JPG'), quality: 80, watermark: null });
  expect([b.web.width, b.web.height, b.thumb.width, b.thumb.height]).toEqual([1500, 750, 548, 274]);
});

test('the watermark changes only the bottom-right corner of the web image, never the thumbnail', async ({ tmp }) => {
  const source = tmp.write('in/grey.jpg', await sharp({ create: { width: 3000, height: 2000, channels: 3, background: '#404040' } }).jpeg().toBuffer());
  const plain = await renderPublishImages({ source, webFile: tmp.join('p/w.JPG'), thumbFile: tmp.join('p/t.JPG'), quality: 90, watermark: null });
  const marked = await renderPublishImages({ source, webFile: tmp.join('m/w.JPG'), thumbFile: tmp.join('m/t.JPG'), quality: 90, watermark: '© Proofsheet & Co' });
  const region = async (file: string, left: number, top: number) => sharp(file).extract({ left, top, width: 400, height: 80 }).raw().toBuffer();
  const diff = (a: Buffer, b: Buffer) => a.reduce((sum, v, i) => sum + Math.abs(v - (b[i] as number)), 0);
  expect(diff(await region(plain.web.file, 1100, 920), await region(marked.web.file, 1100, 920))).toBeGreaterThan(10_000);
  expect(diff(await region(plain.web.file, 0, 0), await region(marked.web.file, 0, 0))).toBe(0);
  expect(Buffer.compare(await sharp(plain.thumb.file).raw().toBuffer(), await sharp(marked.thumb.file).raw().toBuffer())).toBe(0);
});
