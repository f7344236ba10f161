import { describe, expect, test } from 'vitest';
import { toExifColumns, toExifDateTime, toExposureText, toNameYear } from './exif-columns.js';

describe('toExposureText', () => {
  test.each([
    [0.004, '1/250 sec'],
    [1 / 8000, '1/8000 sec'],
    [1 / 3, '1/3 sec'],
    [0.5, '1/2 sec'],
    [0.8, '0.8 sec'],
    [0.3, '0.3 sec'],
    [1, '1 sec'],
    [2, '2 sec'],
    [30, '30 sec'],
    [1.5, '1.5 sec'],
    [0, null],
    [-1, null],
    [Number.NaN, null],
  ])('%s s → %j', (seconds, expected) => {
    expect(toExposureText(seconds)).toBe(expected);
  });
});

describe('toExifDateTime', () => {
  test.each([
    ['2023:05:06 07:08:09', '2023:05:06 07:08:09'],
    ['2023:05:06 07:08:09+02:00', '2023:05:06 07:08:09'],
    ['0000:00:00 00:00:00', null],
    ['    :  :     :  :  ', null],
    ['2023-05-06', null],
    [undefined, null],
  ])('%j → %j', (value, expected) => {
    expect(toExifDateTime(value)).toBe(expected);
  });
});

describe('toExifColumns', () => {
  test('formats every column; aperture with one decimal; sizes come from the oriented probe', () => {
    expect(toExifColumns({ Make: 'Canon', Model: 'Canon EOS R5', DateTimeOriginal: '2024:01:02 03:04:05', LensModel: 'RF50mm F1.2L USM', ExposureTime: 0.0025, FNumber: 8, ISO: 100, FocalLength: 49.6 }, { width: 4000, height: 6000 })).toEqual({
      DateTime: '2024:01:02 03:04:05',
      Camera: 'Canon_EOS_R5',
      Lens_model: 'RF50mm F1.2L USM',
      Width: 4000,
      Height: 6000,
      Exposure: '1/400 sec',
      Aperture: 'f/8.0',
      ISO: 100,
      Focal_length: 50,
    });
  });

  test('no EXIF at all: every EXIF column null, DateTime falls back to nothing and the year to the file time', () => {
    const columns = toExifColumns({}, { width: 10, height: 20 });
    expect(columns).toEqual({ DateTime: null, Camera: null, Lens_model: null, Width: 10, Height: 20, Exposure: null, Aperture: null, ISO: null, Focal_length: null });
    expect(toNameYear(columns, new Date(2017, 5, 1))).toBe(2017);
    expect(toNameYear({ DateTime: '2021:12:31 23:59:59' }, new Date(2017, 5, 1))).toBe(2021);
  });

  test('DateTime is used when DateTimeOriginal is missing or unusable', () => {
    expect(toExifColumns({ DateTimeOriginal: '0000:00:00 00:00:00', DateTime: '2020:02:03 04:05:06' }, { width: 1, height: 1 }).DateTime).toBe('2020:02:03 04:05:06');
  });
});
