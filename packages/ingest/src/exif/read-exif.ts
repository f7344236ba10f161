/**
 * The only module that imports exifr. It reads the few tags Proofsheet stores, as raw values;
 * formatting into column values is `toExifColumns` (pure). Missing or unreadable EXIF is normal
 * (scans, exports, screenshots) and yields an empty record, never an error.
 */
import exifr from 'exifr';

/** The EXIF tags read from a file, as exifr returns them without revival (dates stay strings). */
export interface RawExif {
  readonly Make?: string;
  readonly Model?: string;
  readonly DateTimeOriginal?: string;
  readonly DateTime?: string;
  readonly LensModel?: string;
  readonly ExposureTime?: number;
  readonly FNumber?: number;
  readonly ISO?: number;
  readonly FocalLength?: number;
  readonly Orientation?: number;
}

const TAGS = ['Make', 'Model', 'DateTimeOriginal', 'DateTime', 'ModifyDate', 'LensModel', 'ExposureTime', 'FNumber', 'ISO', 'FocalLength', 'Orientation'];

/** Reads the EXIF tags of `file`; `{}` when the file has none or they cannot be parsed. */
export async function readExif(file: string): Promise<RawExif> {
  let parsed: unknown;
  try {
    parsed = await exifr.parse(file, { pick: TAGS, reviveValues: false, translateValues: false, mergeOutput: true });
  } catch {
    return {};
  }
  return toRawExif(parsed);
}

function toRawExif(parsed: unknown): RawExif {
  if (parsed === null || typeof parsed !== 'object') return {};
  const tags = parsed as Record<string, unknown>;
  const out: Record<string, string | number> = {};
  for (const key of ['Make', 'Model', 'DateTimeOriginal', 'LensModel'] as const) {
    const value = textOf(tags[key]);
    if (value !== undefined) out[key] = value;
  }
  const modified = textOf(tags.DateTime) ?? textOf(tags.ModifyDate);
  if (modified !== undefined) out.DateTime = modified;
  for (const key of ['ExposureTime', 'FNumber', 'ISO', 'FocalLength', 'Orientation'] as const) {
    const value = numberOf(tags[key]);
    if (value !== undefined) out[key] = value;
  }
  return out as RawExif;
}

function textOf(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const text = value.replace(/\u0000+/g, '').trim(); // EXIF strings are NUL-padded
  return text === '' ? undefined : text;
}

function numberOf(value: unknown): number | undefined {
  const first = Array.isArray(value) ? (value as unknown[])[0] : value;
  return typeof first === 'number' && Number.isFinite(first) ? first : undefined;
}
