import { ProofsheetError } from '@proofsheet/core';
import { toFilenamePrefix, toMaxNameLength } from '../naming/build-filename.js';
import type { FailedFile, StagedFile } from '../types.js';
import { toExifColumns, toNameYear, type ExifColumns } from './exif-columns.js';
import { readExif } from './read-exif.js';

/** The set fields a name is built from. */
export interface NamingSet {
  readonly subject: string;
  readonly location: string;
  readonly category: string;
}

/** `naming` options (SPEC §12). */
export interface NamingOptions {
  readonly template: string;
  readonly maxLength: number;
}

/** A staged file after stage 3: its EXIF columns and the name prefix the queue completes with a sequence. */
export interface NamedFile {
  readonly kind: 'named';
  readonly staged: StagedFile;
  readonly exif: ExifColumns;
  /** Everything before the 3-digit sequence, e.g. `Grey_Heron_Amsterdam_Birds_Photography_Canon_EOS_R5_2025`. */
  readonly prefix: string;
  /** Set when damaged EXIF changed the name (no camera, year from the file's date): the run log says so. */
  readonly exifProblem: string | null;
}

/**
 * Stage 3 for one staged file: reads EXIF from the staged copy (missing EXIF is normal), takes the
 * pixel size after orientation from the probe, and builds the name prefix. A name that would be
 * longer than `maxLength` (a long camera model the preview could not foresee) fails the file
 * with `FILENAME_TOO_LONG` instead of producing a name the website refuses.
 */
export async function nameStagedFile(staged: StagedFile, set: NamingSet, naming: NamingOptions): Promise<NamedFile | FailedFile> {
  const reading = await readExif(staged.incomingPath);
  const exif = toExifColumns(reading.exif, staged.probe);
  const prefix = toFilenamePrefix(naming.template, { ...set, camera: exif.Camera ?? '', year: toNameYear(exif, staged.modified) });
  const length = toMaxNameLength(prefix);
  if (length > naming.maxLength) {
    const error = new ProofsheetError('FILENAME_TOO_LONG', `filename would be ${length} characters, over the limit of ${naming.maxLength}: ${prefix}_NNN.JPG`, {
      details: { file: staged.file, prefix, length, max_length: naming.maxLength },
    });
    return { kind: 'failed', file: staged.file, name: staged.name, sha256: staged.sha256, stage: 3, error };
  }
  const exifProblem = reading.problem === null ? null : `${reading.problem}; the name has ${exif.Camera ? '' : 'no camera and '}its year from ${exif.DateTime ? 'the EXIF date' : "the file's modification time"}`;
  return { kind: 'named', staged, exif, prefix, exifProblem };
}
