import { Client, FTPError } from 'basic-ftp';
import { ProofsheetError, redactText, type ErrorCode } from '@proofsheet/core';

/** Where and how to reach the FTP server. */
export interface FtpConnectionOptions {
  readonly host: string;
  readonly port: number;
  readonly user: string;
  readonly password: string | null;
  /** Explicit FTPS (AUTH TLS) for the control and data connections. */
  readonly secure: boolean;
  /** Accept a certificate no trusted authority signed (`publish.ftp.allowSelfSigned`). */
  readonly allowSelfSigned: boolean;
  /** Milliseconds of silence on a control or data socket before it counts as dropped (default 30000). */
  readonly timeoutMs?: number;
}

/** What the server said it can do (FEAT), as far as publishing cares. */
export interface FtpCapabilities {
  /** The best server-side hash command: `HASH` (with its algorithm), `XSHA256`, `XMD5`, or null. */
  readonly hash: { readonly command: 'HASH' | 'XSHA256' | 'XMD5'; readonly algorithm: 'sha256' | 'sha1' | 'md5' } | null;
  /** Whether SIZE is offered. */
  readonly size: boolean;
}

/**
 * One FTP session. This module is the only importer of basic-ftp; every failure comes out as a
 * `ProofsheetError`: `FTP_AUTH` (530), `FTP_REMOTE_FULL` (552), `FTP_UNSUPPORTED` (502/504 for a
 * command publishing needs, TLS refused), `FTP_TRANSFER` (other replies: 4xx transient, 5xx on a
 * path), `FTP_CONNECT` (refused, reset, timed out, closed). Paths are absolute.
 */
export interface FtpSession {
  readonly target: string;
  readonly capabilities: FtpCapabilities;
  /** Creates `dir` and its parents (existing ones are fine). */
  ensureDir(dir: string): Promise<void>;
  upload(localFile: string, remotePath: string): Promise<void>;
  /** The size of `remotePath` in bytes, or null when it does not exist. */
  size(remotePath: string): Promise<number | null>;
  /** The server's hex digest of `remotePath` with {@link FtpCapabilities.hash}. */
  hash(remotePath: string): Promise<string>;
  rename(from: string, to: string): Promise<void>;
  /** Removes a file; a missing file is fine. */
  remove(remotePath: string): Promise<void>;
  /** Names of the files and folders in `dir` (empty when it does not exist). */
  list(dir: string): Promise<string[]>;
  close(): void;
}

/** `ftp://user@host:port` or `ftps://…` (never the password). */
export function toFtpTarget(options: FtpConnectionOptions): string {
  return `${options.secure ? 'ftps' : 'ftp'}://${options.user}@${options.host}:${options.port}`;
}

/** Logs in (and for `secure` switches to TLS first) and reads FEAT. */
export async function openFtpSession(options: FtpConnectionOptions): Promise<FtpSession> {
  const target = toFtpTarget(options);
  const secrets = options.password ? [options.password] : [];
  const translate = (error: unknown, what: string) => toFtpError(error, `${target}: ${what}`, secrets);
  const client = new Client(options.timeoutMs ?? 30_000);
  try {
    await client.access({
      host: options.host, port: options.port, user: options.user, password: options.password ?? '', secure: options.secure,
      secureOptions: { rejectUnauthorized: !options.allowSelfSigned, servername: options.host },
    });
  } catch (error) {
    client.close();
    throw translate(error, 'cannot log in');
  }
  let capabilities: FtpCapabilities;
  try {
    capabilities = toFtpCapabilities(await client.features());
    // HASH uses the algorithm selected with OPTS HASH; a server that refuses the choice gets size checks.
    if (capabilities.hash?.command === 'HASH') {
      const chosen = capabilities.hash.algorithm === 'sha256' ? 'SHA-256' : 'MD5';
      await client.send(`OPTS HASH ${chosen}`).catch(() => {
        capabilities = { ...capabilities, hash: null };
      });
    }
  } catch (error) {
    client.close();
    throw translate(error, 'FEAT failed');
  }
  const run = async <T>(what: string, work: () => Promise<T>): Promise<T> => {
    try {
      return await work();
    } catch (error) {
      throw translate(error, what);
    }
  };
  return {
    target,
    capabilities,
    ensureDir: (dir) => run(`cannot create ${dir}`, async () => {
      await client.ensureDir(dir);
      await client.cd('/');
    }),
    upload: (localFile, remotePath) => run(`upload of ${remotePath} failed`, async () => {
      await client.uploadFrom(localFile, remotePath);
    }),
    size: (remotePath) => run(`SIZE ${remotePath} failed`, async () => {
      try {
        return await client.size(remotePath);
      } catch (error) {
        if (error instanceof FTPError && (error.code === 550 || error.code === 450)) return null;
        throw error;
      }
    }),
    hash: (remotePath) => run(`hash of ${remotePath} failed`, async () => {
      const hash = capabilities.hash;
      if (hash === null) throw new ProofsheetError('FTP_UNSUPPORTED', `${target} offers no hash command`);
      const reply = await client.send(`${hash.command} ${remotePath}`);
      const digest = /\b([0-9a-fA-F]{32,128})\b/.exec(reply.message)?.[1];
      if (!digest) throw new ProofsheetError('FTP_TRANSFER', `${target}: unreadable ${hash.command} reply for ${remotePath}`);
      return digest.toLowerCase();
    }),
    rename: (from, to) => run(`cannot rename ${from} to ${to}`, async () => {
      await client.rename(from, to);
    }),
    remove: (remotePath) => run(`cannot remove ${remotePath}`, async () => {
      await client.remove(remotePath, true);
    }),
    list: (dir) => run(`cannot list ${dir}`, async () => {
      try {
        return (await client.list(dir)).map((entry) => entry.name);
      } catch (error) {
        if (error instanceof FTPError && error.code === 550) return [];
        throw error;
      }
    }),
    close: () => client.close(),
  };
}

/** What a FEAT reply offers: HASH with SHA-256, else XSHA256, else HASH with MD5, else XMD5; and SIZE. */
export function toFtpCapabilities(features: ReadonlyMap<string, string>): FtpCapabilities {
  const hashAlgorithms = (features.get('HASH') ?? '').toUpperCase();
  const hash: FtpCapabilities['hash'] = hashAlgorithms.includes('SHA-256')
    ? { command: 'HASH', algorithm: 'sha256' }
    : features.has('XSHA256')
      ? { command: 'XSHA256', algorithm: 'sha256' }
      : hashAlgorithms.includes('MD5')
        ? { command: 'HASH', algorithm: 'md5' }
        : features.has('XMD5')
          ? { command: 'XMD5', algorithm: 'md5' }
          : null;
  return { hash, size: features.has('SIZE') };
}

const CONNECT_ERRNOS = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN', 'ECONNABORTED']);
const TLS_ERRNOS = /^(?:DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN|UNABLE_TO_VERIFY_LEAF_SIGNATURE|CERT_HAS_EXPIRED|ERR_TLS_CERT_ALTNAME_INVALID|UNABLE_TO_GET_ISSUER_CERT_LOCALLY)$/;

/**
 * Translates a basic-ftp or socket error: reply 530 → `FTP_AUTH`; 552 → `FTP_REMOTE_FULL`;
 * 502/504 and an untrusted certificate → `FTP_UNSUPPORTED`; other replies → `FTP_TRANSFER`
 * (retryable: 421, 425, 426, 450, 451 are transient; a 550 is the caller's to judge); refused,
 * reset, timed-out or closed sockets → `FTP_CONNECT`. The message keeps the reply, never the password.
 */
export function toFtpError(error: unknown, context: string, secrets: readonly string[] = []): ProofsheetError {
  if (error instanceof ProofsheetError) return error;
  const raw = (error as { code?: unknown }).code;
  const message = redactText(error instanceof Error ? error.message : String(error), secrets);
  let code: ErrorCode;
  // basic-ftp's FTPError carries the reply code as a number; socket errors carry errno strings.
  if (typeof raw === 'number') {
    code = raw === 530 ? 'FTP_AUTH' : raw === 552 ? 'FTP_REMOTE_FULL' : raw === 502 || raw === 504 ? 'FTP_UNSUPPORTED' : 'FTP_TRANSFER';
  } else if (typeof raw === 'string' && TLS_ERRNOS.test(raw)) {
    code = 'FTP_UNSUPPORTED';
  } else {
    code = (typeof raw === 'string' && CONNECT_ERRNOS.has(raw)) || /timeout|closed|socket|connection/i.test(message) ? 'FTP_CONNECT' : 'FTP_TRANSFER';
  }
  const hint = code === 'FTP_UNSUPPORTED' && typeof raw === 'string' ? ' (set publish.ftp.allowSelfSigned only for a server you trust)' : '';
  return new ProofsheetError(code, `FTP ${context}: ${message}${hint}`, { cause: error, details: { reply_code: typeof raw === 'number' ? raw : null, errno: typeof raw === 'string' ? raw : null } });
}

/** Whether an FTP failure is worth a reconnect and another try (not auth, not a full disk, not a refusal). */
export function isTransientFtpError(error: ProofsheetError): boolean {
  if (error.code === 'FTP_CONNECT') return true;
  if (error.code !== 'FTP_TRANSFER') return false;
  const reply = error.details.reply_code;
  return reply === null || reply === undefined || (typeof reply === 'number' && [421, 425, 426, 450, 451].includes(reply));
}
