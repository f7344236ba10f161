import type { ProofsheetError } from '@proofsheet/core';
import type { SupportedFormat } from './files/sniff-image.js';

/**
 * Header facts ingest needs from an image decoder. `@proofsheet/stages` (the only sharp user)
 * provides `probeImage`, which the pipeline passes in; ingest never imports the decoder itself.
 */
export interface ImageProbe {
  /** Decoder format name: `jpeg`, `png`, `tiff`, `webp`, `heif`. */
  readonly format: string;
  /** Width after EXIF orientation. */
  readonly width: number;
  /** Height after EXIF orientation. */
  readonly height: number;
  /** EXIF orientation (1 when absent). */
  readonly orientation: number;
}

/**
 * Reads an image header. Throws a `ProofsheetError` with a row code (`FILE_NOT_IMAGE`,
 * `IMAGE_CORRUPT`, `IMAGE_TOO_LARGE`, `IMAGE_UNSUPPORTED`, …) for a bad file.
 */
export type ProbeImage = (file: string) => Promise<ImageProbe>;

/** Where an identical file already is: a queue row, a published catalog entry, or earlier in this run. */
export interface DuplicateRef {
  readonly where: 'queue' | 'catalog' | 'run';
  readonly row_id?: number | null;
  readonly File_Name?: string | null;
  readonly Review_Status?: string | null;
  /** For `run`: the source file staged earlier in the same run. */
  readonly file?: string;
}

/** Looks up a content hash in the queue, the catalog mirror and the current run. */
export type FindDuplicate = (sha256: string) => DuplicateRef | null;

/** A file staged into incoming: copied, verified, probed and ready for EXIF and naming. */
export interface StagedFile {
  readonly kind: 'staged';
  readonly file: string;
  readonly name: string;
  readonly sha256: string;
  readonly size: number;
  readonly format: SupportedFormat;
  readonly incomingPath: string;
  /** `created`, or `reused` when an intact copy with this content was already in incoming. */
  readonly copy: 'created' | 'reused';
  readonly probe: ImageProbe;
  /** The source's modification time (filename year fallback). */
  readonly modified: Date;
}

/** A file whose content is already known; nothing is created for it. */
export interface DuplicateFile {
  readonly kind: 'duplicate';
  readonly file: string;
  readonly name: string;
  /** Null for an unreadable file matched by its source path. */
  readonly sha256: string | null;
  readonly of: DuplicateRef;
}

/** A file that failed; it becomes a row in `Error` with this code and stage. */
export interface FailedFile {
  readonly kind: 'failed';
  readonly file: string;
  readonly name: string;
  /** Null when the content could not be read. */
  readonly sha256: string | null;
  readonly stage: 1 | 2 | 3;
  readonly error: ProofsheetError;
}

/** What staging one file produced. */
export type StageFileOutcome = StagedFile | DuplicateFile | FailedFile;
