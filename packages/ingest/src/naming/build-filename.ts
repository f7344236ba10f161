import { ProofsheetError } from '@proofsheet/core';
import { toCategorySlug, toSlug } from './slug.js';

/** The values a filename is built from. `camera` is already a camera slug (see `toCameraSlug`). */
export interface FilenameParts {
  readonly subject: string;
  readonly location: string;
  readonly category: string;
  readonly camera: string;
  readonly year: number;
}

/** Number of digits of the sequence number (`_001`). */
export const SEQ_DIGITS = 3;
/** The extension every built name ends with. */
export const FILENAME_EXTENSION = '.JPG';
/** The camera token a preview name uses before EXIF is read (the original's default camera). */
export const PREVIEW_CAMERA = 'Canon_EOS_R5_Mark_II';

const PLACEHOLDER = /\{(subject|location|category|camera|year|seq)\}/g;
const SEQ_AT_END = /\{seq\}$/;

/**
 * Builds the name prefix: the template rendered up to `{seq}`, without the separator before it,
 * e.g. `Grey_Heron_Amsterdam_Birds_Photography_Canon_EOS_R5_2025`. The queue's allocator adds
 * `_`, the 3-digit sequence and `.JPG` (the same as {@link toFileName}). An empty part (no camera
 * in EXIF) drops out with its separator. Pure. Throws `CONFIG_INVALID` when the template does not
 * end with `{seq}`.
 */
export function toFilenamePrefix(template: string, parts: FilenameParts): string {
  if (!SEQ_AT_END.test(template)) {
    throw new ProofsheetError('CONFIG_INVALID', `naming.template must end with {seq}: "${template}"`, { details: { template } });
  }
  const values: Record<string, string> = {
    subject: toSlug(parts.subject),
    location: toSlug(parts.location),
    category: toCategorySlug(parts.category),
    camera: toSlug(parts.camera),
    year: String(parts.year),
    seq: '',
  };
  return toSlug(template.replace(PLACEHOLDER, (_match, key: string) => values[key] ?? ''));
}

/** The full name for a prefix and a sequence number: `<prefix>_007.JPG` (what the queue allocates). */
export function toFileName(prefix: string, seq: number): string {
  return `${prefix}_${String(seq).padStart(SEQ_DIGITS, '0')}${FILENAME_EXTENSION}`;
}

/** The length of the longest name a prefix can produce (sequence 999). */
export function toMaxNameLength(prefix: string): number {
  return prefix.length + 1 + SEQ_DIGITS + FILENAME_EXTENSION.length;
}

/**
 * The name a set would get for its first image, built before EXIF is known (camera
 * {@link PREVIEW_CAMERA}, the given year): what stage 1 checks against `naming.maxLength`.
 */
export function toPreviewFilename(template: string, set: { subject: string; location: string; category: string }, year: number): string {
  return toFileName(toFilenamePrefix(template, { ...set, camera: PREVIEW_CAMERA, year }), 1);
}
