import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { ProofsheetError, toProofsheetError } from '@proofsheet/core';
import type { Logger } from '@proofsheet/log';
import type { FileStore } from '../destination/destination.js';
import { isTransientFtpError, openFtpSession, toFtpTarget, type FtpConnectionOptions, type FtpSession } from './ftp-client.js';

/** How often and how patiently transient FTP failures are retried. */
export interface FtpRetryPolicy {
  /** Tries per file, the first included (default 8). */
  readonly attempts: number;
  /** Wait before the second try, doubled each time up to `maxDelayMs` (default 500). */
  readonly initialDelayMs: number;
  readonly maxDelayMs: number;
}

/** The default policy: about 30 s of retries, enough to ride out a server restart. */
export const DEFAULT_FTP_RETRY: FtpRetryPolicy = { attempts: 8, initialDelayMs: 500, maxDelayMs: 8000 };

/** Options of {@link createFtpFileStore}. */
export interface FtpFileStoreOptions extends FtpConnectionOptions {
  /** The site's base folder on the server (`publish.ftp.remoteBase`). */
  readonly remoteBase: string;
  readonly retry?: FtpRetryPolicy;
  /** Sessions used at once (default 2, as many as rows published at once). */
  readonly sessions?: number;
  readonly log?: Logger;
}

/** The temporary name a file is uploaded under, next to its final name. */
export function toTemporaryName(remotePath: string): string {
  return path.posix.join(path.posix.dirname(remotePath), `.${path.posix.basename(remotePath)}.partial`);
}

async function hashFile(file: string, algorithm: string): Promise<string> {
  const hash = createHash(algorithm);
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/**
 * The FTP file store (SPEC §11 step 3): folders created, each file uploaded under a temporary name,
 * verified (the server's hash when FEAT offers HASH/XSHA256/XMD5, else its size), renamed into
 * place. Transient failures (421, 425, 426, 450, 451, timeouts, resets, refused connections)
 * reconnect and try again with backoff; a refused login, a full disk or a server that cannot
 * rename stop at once. A final name never holds a partial file.
 */
export function createFtpFileStore(options: FtpFileStoreOptions): FileStore {
  const retry = options.retry ?? DEFAULT_FTP_RETRY;
  const base = `/${options.remoteBase.replace(/^\/+|\/+$/g, '')}`.replace(/^\/$/, '');
  const idle: FtpSession[] = [];
  const madeDirs = new WeakMap<FtpSession, Set<string>>();
  let waiting: Array<() => void> = [];
  let open = 0;
  const limit = Math.max(1, options.sessions ?? 2);

  const acquire = async (): Promise<FtpSession> => {
    for (;;) {
      const session = idle.pop();
      if (session) return session;
      if (open < limit) {
        open += 1;
        try {
          return await openFtpSession(options);
        } catch (error) {
          open -= 1;
          throw error;
        }
      }
      await new Promise<void>((resolve) => waiting.push(resolve));
    }
  };
  const release = (session: FtpSession, broken: boolean): void => {
    if (broken) {
      session.close();
      open -= 1;
    } else {
      idle.push(session);
    }
    waiting.shift()?.();
  };

  const putOnce = async (session: FtpSession, localFile: string, remote: string): Promise<void> => {
    const dir = path.posix.dirname(remote);
    const dirs = madeDirs.get(session) ?? new Set<string>();
    madeDirs.set(session, dirs);
    if (!dirs.has(dir)) {
      await session.ensureDir(dir);
      dirs.add(dir);
    }
    const temporary = toTemporaryName(remote);
    try {
      await session.upload(localFile, temporary);
      await verify(session, localFile, temporary);
    } catch (error) {
      // A refused upload (full disk) may leave the part the server took: remove it while the session still works.
      const failure = toProofsheetError(error);
      if (!isTransientFtpError(failure)) await session.remove(temporary).catch(() => undefined);
      throw failure;
    }
    await renameIntoPlace(session, temporary, remote);
  };

  return {
    target: `${toFtpTarget(options)}${base || '/'}`,
    async put(localFile, relativePath) {
      const remote = `${base}/${relativePath}`;
      for (let attempt = 1; ; attempt += 1) {
        const session = await acquire().catch((error: unknown) => error as Error);
        let failure: ProofsheetError | null = null;
        if (session instanceof Error) {
          failure = toProofsheetError(session);
        } else {
          try {
            await putOnce(session, localFile, remote);
            release(session, false);
            return;
          } catch (error) {
            failure = toProofsheetError(error);
            release(session, true);
          }
        }
        if (!isTransientFtpError(failure) || attempt >= retry.attempts) throw failure;
        const delay = Math.min(retry.maxDelayMs, retry.initialDelayMs * 2 ** (attempt - 1));
        options.log?.warn({ file: remote, attempt, delay_ms: delay, error_code: failure.code, err: failure }, 'ftp transfer retried');
        await new Promise((resolve) => setTimeout(resolve, delay));
      }
    },
    async remove(relativePath) {
      const remote = `${base}/${relativePath}`;
      const session = await acquire();
      try {
        for (const file of [toTemporaryName(remote), remote]) {
          // DELE of a missing file is answered 550 and ignored; SIZE afterwards tells a refusal from success.
          await session.remove(file);
          if ((await session.size(file)) !== null) throw new ProofsheetError('FTP_TRANSFER', `${session.target}: ${file} is still there after DELE`, { details: { file } });
        }
        release(session, false);
      } catch (error) {
        release(session, true);
        throw toProofsheetError(error);
      }
    },
    async close() {
      for (const session of idle.splice(0)) session.close();
      open = 0;
      for (const wake of waiting) wake();
      waiting = [];
    },
  };
}

async function verify(session: FtpSession, localFile: string, temporary: string): Promise<void> {
  const hash = session.capabilities.hash;
  if (hash !== null) {
    const [want, got] = await Promise.all([hashFile(localFile, hash.algorithm), session.hash(temporary)]);
    if (want !== got) throw new ProofsheetError('FTP_TRANSFER', `${session.target}: ${temporary} has ${hash.algorithm} ${got} after upload, expected ${want}`, { details: { file: temporary } });
    return;
  }
  const want = (await stat(localFile)).size;
  const got = await session.size(temporary);
  if (got !== want) throw new ProofsheetError('FTP_TRANSFER', `${session.target}: ${temporary} is ${got ?? 'missing'} bytes after upload, expected ${want}`, { details: { file: temporary } });
}

/**
 * Renames the verified upload onto its final name (replacing an older file of that name). A server
 * that refuses RNFR/RNTO is not written to in place (a reader could see a half-written image): the
 * temporary file is removed, the final name is left as it was, and the publish stops with
 * `FTP_UNSUPPORTED`.
 */
async function renameIntoPlace(session: FtpSession, temporary: string, remote: string): Promise<void> {
  try {
    await session.rename(temporary, remote);
  } catch (error) {
    await refuse(session, temporary, remote, toProofsheetError(error));
  }
}

async function refuse(session: FtpSession, temporary: string, remote: string, failure: ProofsheetError): Promise<never> {
  if (isTransientFtpError(failure)) throw failure;
  await session.remove(temporary).catch(() => undefined);
  throw new ProofsheetError(
    'FTP_UNSUPPORTED',
    `${session.target} refused to rename ${temporary} to ${remote} (${failure.message}); publishing needs rename so that no reader ever sees a partial file, and does not write in place. Allow RNFR/RNTO for this account (pure-ftpd: drop --norename)`,
    { cause: failure, details: { file: remote, reply_code: failure.details.reply_code ?? null } },
  );
}
