import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, open, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { ProofsheetError } from '@proofsheet/core';
import { toTempName } from './staged-names.js';

/** A file's content hash and size. */
export interface ContentHash {
  readonly sha256: string;
  readonly size: number;
}

/** A copy under a temporary name, hashed while it was written. */
export interface TempCopy extends ContentHash {
  readonly tempPath: string;
}

/** Streams `file` through SHA-256. Read failures become `FILE_UNREADABLE`. */
export async function hashFile(file: string): Promise<ContentHash> {
  const hash = createHash('sha256');
  let size = 0;
  try {
    for await (const chunk of createReadStream(file)) {
      hash.update(chunk as Buffer);
      size += (chunk as Buffer).length;
    }
  } catch (error) {
    throw toReadError(error, file);
  }
  return { sha256: hash.digest('hex'), size };
}

/**
 * Copies `source` into `dir` under a temporary name, computing SHA-256 of the bytes read while
 * writing them, then flushes the copy to disk. The source is only ever opened for reading. On any
 * failure the temporary file is removed; read failures become `FILE_UNREADABLE`, a full disk
 * `DISK_FULL`, other write failures `PATH_NOT_WRITABLE`.
 */
export async function copyToTemp(source: string, dir: string, pid: number): Promise<TempCopy> {
  await mkdir(dir, { recursive: true });
  const tempPath = path.join(dir, toTempName(pid, randomBytes(6).toString('hex')));
  const hash = createHash('sha256');
  let size = 0;
  let readFailed: unknown = null;
  const input = createReadStream(source).on('error', (error) => (readFailed = error));
  try {
    await pipeline(
      input,
      async function* (chunks: AsyncIterable<Buffer>) {
        for await (const chunk of chunks) {
          hash.update(chunk);
          size += chunk.length;
          yield chunk;
        }
      },
      createWriteStream(tempPath, { flags: 'wx' }),
    );
    await syncFile(tempPath);
  } catch (error) {
    await rm(tempPath, { force: true });
    throw readFailed !== null ? toReadError(readFailed, source) : toWriteError(error, tempPath);
  }
  return { tempPath, sha256: hash.digest('hex'), size };
}

/** Re-reads the copy and checks it has the expected size and hash (`COPY_VERIFY_FAILED` if not). */
export async function verifyCopy(file: string, expected: ContentHash): Promise<void> {
  const actual = await hashFile(file);
  if (actual.sha256 !== expected.sha256 || actual.size !== expected.size) {
    throw new ProofsheetError('COPY_VERIFY_FAILED', `staged copy ${file} does not match its source (size ${actual.size} vs ${expected.size})`, {
      details: { file, expected_sha256: expected.sha256, actual_sha256: actual.sha256 },
    });
  }
}

/**
 * Moves a verified temporary copy to its final name (atomic rename in the same folder, then the
 * folder is synced). When a complete copy with the same content is already there, the temporary
 * one is dropped and the existing one kept (`reused`). A file under the final name with other
 * bytes (a damaged copy) is replaced.
 */
export async function promoteTemp(tempPath: string, finalPath: string, expected: ContentHash): Promise<'created' | 'reused'> {
  if (await isIntactCopy(finalPath, expected)) {
    await rm(tempPath, { force: true });
    return 'reused';
  }
  try {
    await rename(tempPath, finalPath);
    await syncFile(path.dirname(finalPath));
  } catch (error) {
    await rm(tempPath, { force: true });
    throw toWriteError(error, finalPath);
  }
  return 'created';
}

/** Whether `file` exists with exactly the expected size and hash. */
export async function isIntactCopy(file: string, expected: ContentHash): Promise<boolean> {
  try {
    if ((await stat(file)).size !== expected.size) return false;
    return (await hashFile(file)).sha256 === expected.sha256;
  } catch {
    return false;
  }
}

async function syncFile(file: string): Promise<void> {
  const handle = await open(file, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

function toReadError(error: unknown, file: string): ProofsheetError {
  if (error instanceof ProofsheetError) return error;
  const errno = (error as NodeJS.ErrnoException).code ?? 'EIO';
  return new ProofsheetError('FILE_UNREADABLE', `cannot read ${file} (${errno})`, { cause: error, details: { file, errno } });
}

function toWriteError(error: unknown, file: string): ProofsheetError {
  if (error instanceof ProofsheetError) return error;
  const errno = (error as NodeJS.ErrnoException).code ?? 'EIO';
  const code = errno === 'ENOSPC' || errno === 'EDQUOT' ? 'DISK_FULL' : 'PATH_NOT_WRITABLE';
  return new ProofsheetError(code, `cannot write ${file} (${errno})`, { cause: error, details: { file, errno } });
}
