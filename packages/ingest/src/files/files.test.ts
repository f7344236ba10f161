import fs from 'node:fs';
import path from 'node:path';
import { describe, expect } from 'vitest';
import { test } from '@proofsheet/testkit';
import { listSetFiles } from './list-set-files.js';
import { toSniffResult } from './sniff-image.js';

const bytes = (...values: Array<number | string>): Uint8Array =>
  Uint8Array.from(values.flatMap((v) => (typeof v === 'string' ? [...v].map((c) => c.charCodeAt(0)) : [v])));

describe('toSniffResult', () => {
  test.each([
    ['JPEG', bytes(0xff, 0xd8, 0xff, 0xe1), { kind: 'image', format: 'jpeg' }],
    ['PNG', bytes(0x89, 'PNG', 0x0d, 0x0a, 0x1a, 0x0a), { kind: 'image', format: 'png' }],
    ['TIFF little-endian', bytes('II', 0x2a, 0x00), { kind: 'image', format: 'tiff' }],
    ['TIFF big-endian', bytes('MM', 0x00, 0x2a), { kind: 'image', format: 'tiff' }],
    ['WebP', bytes('RIFF', 0, 0, 0, 0, 'WEBP'), { kind: 'image', format: 'webp' }],
    ['HEIC', bytes(0, 0, 0, 0x18, 'ftypheic'), { kind: 'image', format: 'heif' }],
    ['AVIF', bytes(0, 0, 0, 0x18, 'ftypavif'), { kind: 'image', format: 'heif' }],
    ['MP4 (ftyp, not an image brand)', bytes(0, 0, 0, 0x18, 'ftypisom'), { kind: 'not-image' }],
    ['GIF', bytes('GIF89a'), { kind: 'unsupported', format: 'gif' }],
    ['BMP', bytes('BM', 0, 0), { kind: 'unsupported', format: 'bmp' }],
    ['PSD', bytes('8BPS'), { kind: 'unsupported', format: 'psd' }],
    ['text', bytes('hello world'), { kind: 'not-image' }],
    ['RIFF WAVE', bytes('RIFF', 0, 0, 0, 0, 'WAVE'), { kind: 'not-image' }],
    ['two bytes', bytes(0xff, 0xd8), { kind: 'not-image' }],
    ['nothing', bytes(), { kind: 'not-image' }],
  ])('%s', (_name, head, expected) => {
    expect(toSniffResult(head)).toEqual(expected);
  });
});

describe('listSetFiles', () => {
  test('files in natural name order; hidden files and folders skipped with a reason; not recursive', async ({ tmp }) => {
    for (const name of ['IMG_10.jpg', 'IMG_2.jpg', 'img_1.jpg', '.DS_Store', 'sub/IMG_3.jpg']) tmp.write(`set/${name}`, 'x');
    const listing = await listSetFiles(tmp.join('set'));
    expect(listing.files.map((f) => f.name)).toEqual(['img_1.jpg', 'IMG_2.jpg', 'IMG_10.jpg']);
    expect(listing.skipped.map((s) => [path.basename(s.file), s.reason])).toEqual([
      ['.DS_Store', 'hidden'],
      ['sub', 'directory'],
    ]);
  });

  test('an explicit file list replaces the folder listing', async ({ tmp }) => {
    tmp.write('set/a.jpg', 'x');
    tmp.write('other/b.jpg', 'y');
    const listing = await listSetFiles(tmp.join('set'), ['a.jpg', tmp.join('other/b.jpg')]);
    expect(listing.files).toEqual([
      { file: tmp.join('set/a.jpg'), name: 'a.jpg' },
      { file: tmp.join('other/b.jpg'), name: 'b.jpg' },
    ]);
  });

  test('a missing folder throws the fs error (stage 1 turns it into a set issue)', async ({ tmp }) => {
    await expect(listSetFiles(tmp.join('nope'))).rejects.toMatchObject({ code: 'ENOENT' });
    expect(fs.existsSync(tmp.join('nope'))).toBe(false);
  });
});
