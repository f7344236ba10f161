import { createHash } from 'node:crypto';
import { rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { ProofsheetError, toProofsheetError } from '@proofsheet/core';
import type { SetFileEntry } from '../files/list-set-files.js';
import { checkJpegEnd } from '../files/check-jpeg-end.js';
import { sniffImageFile, toStagedExtension, type SniffResult, type SupportedFormat } from '../files/sniff-image.js';
import type { DuplicateFile, FailedFile, FindDuplicate, ImageProbe, ProbeImage, StageFileOutcome } from '../types.js';
import { copyToTemp, hashFile, isIntactCopy, promoteTemp, verifyCopy, type ContentHash } from './copy-file.js';
import { toStagedName } from './staged-names.js';

/** What staging needs besides the file. */
export interface StageFileOptions {
  /** `data/incoming/<set_id>/`. */
  readonly incomingDir: string;
  readonly probe: ProbeImage;
  readonly findDuplicate: FindDuplicate;
  /** Pid written into temporary names (this process's). */
  readonly pid: number;
}

const EMPTY_SHA256 = createHash('sha256').digest('hex');

/**
 * Stage 2 for one file (with the per-file checks of stage 1): checks it is a readable, non-empty
 * image by content, hashes it and looks the hash up for duplicates (a duplicate writes nothing),
 * probes the header, then copies it to a temporary name while hashing again, verifies the copy and
 * renames it to `<sha256>.<ext>` (an intact copy already there is reused). Expected problems are
 * returned as outcomes; only environment failures (disk full, incoming not writable) throw. The
 * source is only ever opened for reading.
 */
export async function stageFile(entry: SetFileEntry, options: StageFileOptions): Promise<StageFileOutcome> {
  let modified: Date;
  let sniff: SniffResult;
  try {
    const info = await stat(entry.file);
    if (!info.isFile()) throw new ProofsheetError('FILE_UNREADABLE', `not a regular file: ${entry.file}`, { details: { file: entry.file } });
    modified = info.mtime;
    if (info.size === 0) return checkedFailure(entry, EMPTY_SHA256, options, new ProofsheetError('FILE_EMPTY', `file is empty: ${entry.file}`));
    sniff = await sniffImageFile(entry.file);
  } catch (error) {
    return failed(entry, null, 1, toReadFailure(error, entry.file));
  }
  if (sniff.kind !== 'image') return rejectByContent(entry, sniff, options);

  return stageImage(entry, sniff.format, modified, options);
}

/**
 * An image by content: hash the source (read-only), report a duplicate without writing anything,
 * probe the header and check a JPEG's end, then copy unless an intact copy is already staged.
 */
async function stageImage(entry: SetFileEntry, format: SupportedFormat, modified: Date, options: StageFileOptions): Promise<StageFileOutcome> {
  let source: ContentHash;
  try {
    source = await hashFile(entry.file);
  } catch (error) {
    return failed(entry, null, 1, toReadFailure(error, entry.file));
  }
  const duplicate = duplicateOf(entry, source.sha256, options);
  if (duplicate) return duplicate;
  let probe: ImageProbe;
  try {
    probe = await options.probe(entry.file);
    if (format === 'jpeg' && (await checkJpegEnd(entry.file)) === 'truncated') throw truncatedJpeg(entry.file);
  } catch (error) {
    return failed(entry, source.sha256, 1, rowErrorOrThrow(error));
  }
  const incomingPath = path.join(options.incomingDir, toStagedName(source.sha256, toStagedExtension(format)));
  let copy: 'created' | 'reused';
  try {
    copy = (await isIntactCopy(incomingPath, source)) ? 'reused' : await copyVerified(entry.file, incomingPath, source, options.pid);
  } catch (error) {
    return failed(entry, source.sha256, 2, rowErrorOrThrow(error));
  }
  return { kind: 'staged', file: entry.file, name: entry.name, sha256: source.sha256, size: source.size, format, incomingPath, copy, probe, modified };
}

/**
 * Copies to a temporary name (hashing while copying), checks that the bytes copied are the bytes
 * hashed before (the source did not change meanwhile), re-reads the copy, and renames it into place.
 */
export async function copyVerified(file: string, incomingPath: string, expected: ContentHash, pid: number): Promise<'created' | 'reused'> {
  const copy = await copyToTemp(file, path.dirname(incomingPath), pid);
  try {
    if (copy.sha256 !== expected.sha256 || copy.size !== expected.size) {
      throw new ProofsheetError('COPY_VERIFY_FAILED', `${file} changed while it was being staged; run again to stage its new content`, {
        details: { file, expected_sha256: expected.sha256, copied_sha256: copy.sha256 },
      });
    }
    await verifyCopy(copy.tempPath, expected);
    return await promoteTemp(copy.tempPath, incomingPath, expected);
  } finally {
    await rm(copy.tempPath, { force: true });
  }
}

async function rejectByContent(entry: SetFileEntry, sniff: Exclude<SniffResult, { kind: 'image' }>, options: StageFileOptions): Promise<StageFileOutcome> {
  let sha256: string;
  try {
    sha256 = (await hashFile(entry.file)).sha256;
  } catch (error) {
    return failed(entry, null, 1, toReadFailure(error, entry.file));
  }
  const error =
    sniff.kind === 'unsupported'
      ? new ProofsheetError('IMAGE_UNSUPPORTED', `image format "${sniff.format}" is not supported (JPEG, PNG, TIFF, WebP, HEIC): ${entry.file}`, { details: { file: entry.file, format: sniff.format } })
      : new ProofsheetError('FILE_NOT_IMAGE', `file is not an image (its content matches no image format): ${entry.file}`, { details: { file: entry.file } });
  return checkedFailure(entry, sha256, options, error);
}

/** A failure of a file whose content is known: a duplicate when that content was seen before. */
function checkedFailure(entry: SetFileEntry, sha256: string, options: StageFileOptions, error: ProofsheetError): StageFileOutcome {
  return duplicateOf(entry, sha256, options) ?? failed(entry, sha256, 1, error);
}

function duplicateOf(entry: SetFileEntry, sha256: string, options: StageFileOptions): DuplicateFile | null {
  const of = options.findDuplicate(sha256);
  return of ? { kind: 'duplicate', file: entry.file, name: entry.name, sha256, of } : null;
}

function truncatedJpeg(file: string): ProofsheetError {
  return new ProofsheetError('IMAGE_CORRUPT', `image data is corrupt: ${file} (JPEG data ends before its end-of-image marker; the file is truncated)`, {
    details: { file, reason: 'jpeg_truncated' },
  });
}

function failed(entry: SetFileEntry, sha256: string | null, stage: 1 | 2 | 3, error: ProofsheetError): FailedFile {
  return { kind: 'failed', file: entry.file, name: entry.name, sha256, stage, error };
}

/** Row-level errors become outcomes; environment failures and bugs propagate. */
function rowErrorOrThrow(error: unknown): ProofsheetError {
  const failure = toProofsheetError(error);
  if (failure.kind !== 'row') throw failure;
  return failure;
}

function toReadFailure(error: unknown, file: string): ProofsheetError {
  if (error instanceof ProofsheetError) return error;
  const errno = (error as NodeJS.ErrnoException).code ?? 'EIO';
  return new ProofsheetError('FILE_UNREADABLE', `cannot read ${file} (${errno})`, { cause: error, details: { file, errno } });
}
