import { toCameraSlug } from '../naming/camera-slug.js';
import type { RawExif } from './read-exif.js';

/** The `review_queue` EXIF columns of one image (SPEC §4; formats of the original system). */
export interface ExifColumns {
  /** Raw EXIF `YYYY:MM:DD HH:MM:SS` (DateTimeOriginal, else DateTime), or null. */
  readonly DateTime: string | null;
  /** Camera slug (`Canon_EOS_R5`), or null when EXIF names no camera. */
  readonly Camera: string | null;
  readonly Lens_model: string | null;
  /** Pixel size after EXIF orientation. */
  readonly Width: number;
  readonly Height: number;
  /** `1/250 sec`, `2 sec`, `0.8 sec`. */
  readonly Exposure: string | null;
  /** `f/5.6`. */
  readonly Aperture: string | null;
  readonly ISO: number | null;
  /** Millimetres, rounded. */
  readonly Focal_length: number | null;
}

/** Converts raw EXIF plus the probed (already oriented) pixel size into column values. Pure. */
export function toExifColumns(exif: RawExif, size: { width: number; height: number }): ExifColumns {
  const camera = toCameraSlug(exif.Make, exif.Model);
  return {
    DateTime: toExifDateTime(exif.DateTimeOriginal) ?? toExifDateTime(exif.DateTime),
    Camera: camera === '' ? null : camera,
    Lens_model: exif.LensModel ?? null,
    Width: size.width,
    Height: size.height,
    Exposure: exif.ExposureTime === undefined ? null : toExposureText(exif.ExposureTime),
    Aperture: exif.FNumber === undefined || exif.FNumber <= 0 ? null : `f/${exif.FNumber.toFixed(1)}`,
    ISO: exif.ISO === undefined ? null : Math.round(exif.ISO),
    Focal_length: exif.FocalLength === undefined || exif.FocalLength <= 0 ? null : Math.round(exif.FocalLength),
  };
}

/**
 * Formats an exposure time in seconds: `1/N sec` when it is (within 1 %) the reciprocal of a whole
 * number below one second, `N sec` for whole seconds, else a decimal (`0.8 sec`, `1.5 sec`).
 */
export function toExposureText(seconds: number): string | null {
  if (!Number.isFinite(seconds) || seconds <= 0) return null;
  if (seconds < 1) {
    const denominator = Math.round(1 / seconds);
    if (denominator > 1 && Math.abs(1 / denominator - seconds) / seconds < 0.01) return `1/${denominator} sec`;
  }
  if (Math.abs(seconds - Math.round(seconds)) < 1e-6) return `${Math.round(seconds)} sec`;
  return `${Number(seconds.toPrecision(3))} sec`;
}

const EXIF_DATE = /^(\d{4}):(\d{2}):(\d{2})[ T](\d{2}):(\d{2}):(\d{2})/;

/** The raw `YYYY:MM:DD HH:MM:SS` text when `value` is a plausible EXIF date (not `0000:00:00 …`). */
export function toExifDateTime(value: string | undefined): string | null {
  const match = value === undefined ? null : EXIF_DATE.exec(value);
  if (!match) return null;
  const year = Number(match[1]);
  if (year < 1826 || Number(match[2]) < 1 || Number(match[3]) < 1) return null;
  return `${match[1]}:${match[2]}:${match[3]} ${match[4]}:${match[5]}:${match[6]}`;
}

/** The filename year: DateTimeOriginal's (or DateTime's) year, else the file's modification year. */
export function toNameYear(columns: Pick<ExifColumns, 'DateTime'>, fileModified: Date): number {
  return columns.DateTime === null ? fileModified.getFullYear() : Number(columns.DateTime.slice(0, 4));
}
