import { createHash } from 'node:crypto';
import { rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { ProofsheetError, toProofsheetError } from '@proofsheet/core';
import type { SetFileEntry } from '../files/list-set-files.js';
import { checkJpegEnd } from '../files/check-jpeg-end.js';
import { sniffImageFile, toStagedExtension, type SniffResult } from '../files/sniff-image.js';
import type { DuplicateFile, FailedFile, FindDuplicate, ProbeImage, StageFileOutcome } from '../types.js';
import { copyToTemp, hashFile, promoteTemp, verifyCopy, type TempCopy } from './copy-file.js';
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
 * image by content, copies it to a temporary name while hashing, verifies the copy, looks the hash
 * up for duplicates, probes the header and renames the copy to `<sha256>.<ext>`. Expected
 * problems are returned as outcomes; only environment failures (disk full, incoming not
 * writable) throw. The source is never modified.
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

  let copy: TempCopy;
  try {
    copy = await copyToTemp(entry.file, options.incomingDir, options.pid);
  } catch (error) {
    return failed(entry, null, 2, rowErrorOrThrow(error));
  }
  try {
    return await settleCopy(entry, copy, sniff.format, modified, options);
  } finally {
    await rm(copy.tempPath, { force: true });
  }
}

async function settleCopy(
  entry: SetFileEntry,
  copy: TempCopy,
  format: Extract<SniffResult, { kind: 'image' }>['format'],
  modified: Date,
  options: StageFileOptions,
): Promise<StageFileOutcome> {
  try {
    await verifyCopy(copy.tempPath, copy);
  } catch (error) {
    return failed(entry, copy.sha256, 2, rowErrorOrThrow(error));
  }
  const duplicate = duplicateOf(entry, copy.sha256, options);
  if (duplicate) return duplicate;
  let probe;
  try {
    probe = await options.probe(copy.tempPath);
    if (format === 'jpeg' && (await checkJpegEnd(copy.tempPath)) === 'truncated') throw truncatedJpeg(entry.file);
  } catch (error) {
    return failed(entry, copy.sha256, 1, withFile(rowErrorOrThrow(error), entry.file));
  }
  const incomingPath = path.join(options.incomingDir, toStagedName(copy.sha256, toStagedExtension(format)));
  const outcome = await promoteTemp(copy.tempPath, incomingPath, copy);
  return { kind: 'staged', file: entry.file, name: entry.name, sha256: copy.sha256, size: copy.size, format, incomingPath, copy: outcome, probe, modified };
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

/** The probe saw the temporary copy; messages name the operator's file instead. */
function withFile(error: ProofsheetError, file: string): ProofsheetError {
  const temp = typeof error.details.file === 'string' ? error.details.file : null;
  if (temp === null || temp === file) return error;
  return new ProofsheetError(error.code, error.message.split(temp).join(file), { cause: error.cause, details: { ...error.details, file } });
}
