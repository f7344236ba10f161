/**
 * The only module that imports exifr. It reads the few tags Proofsheet stores, as raw values;
 * formatting into column values is `toExifColumns` (pure). Missing EXIF is normal (scans, exports,
 * screenshots) and yields an empty record. EXIF that is there but damaged also never fails the
 * file, but it changes the deterministic name (no camera, year from the file's date), so it is
 * reported as a `problem` for the run log.
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

/** What {@link readExif} found: the tags, and why some could not be read (null when nothing went wrong). */
export interface ExifReading {
  readonly exif: RawExif;
  readonly problem: string | null;
}

/**
 * Reads the EXIF tags of `file`: `{ exif: {}, problem: null }` when it has none. exifr reports a
 * damaged segment in an `errors` list rather than throwing; both become `problem`.
 */
export async function readExif(file: string): Promise<ExifReading> {
  let parsed: unknown;
  try {
    parsed = await exifr.parse(file, { pick: TAGS, reviveValues: false, translateValues: false, mergeOutput: true });
  } catch (error) {
    return { exif: {}, problem: `EXIF could not be read: ${firstLine(error)}` };
  }
  const errors = (parsed as { errors?: unknown } | undefined)?.errors;
  const problem = Array.isArray(errors) && errors.length > 0 ? `EXIF is damaged: ${errors.map(firstLine).join('; ')}` : null;
  return { exif: toRawExif(parsed), problem };
}

function firstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0]!.trim();
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
