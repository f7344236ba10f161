/**
 * The one error model of Proofsheet.
 *
 * Every failure that crosses a module boundary is a {@link ProofsheetError} carrying a code from the
 * closed {@link ErrorCode} union. Adapters (sharp, better-sqlite3, basic-ftp, mysql2, ollama) translate
 * library errors into these codes; nothing above an adapter reads driver messages.
 */

/**
 * How an error ends a CLI command: `usage` (exit 2: bad input or config), `operational`
 * (exit 3: the environment failed; safe to resume), `row` (the row is marked `Error`; the run
 * goes on) or `internal` (exit 70: a bug).
 */
export type ErrorKind = 'usage' | 'operational' | 'row' | 'internal';

/** Per-code facts: whether retrying the same operation may succeed, and how it ends a command. */
export interface ErrorCodeInfo {
  readonly retryable: boolean;
  readonly kind: ErrorKind;
}

const usage = { retryable: false, kind: 'usage' } as const;
const operational = { retryable: true, kind: 'operational' } as const;
const operationalFinal = { retryable: false, kind: 'operational' } as const;
const rowRetryable = { retryable: true, kind: 'row' } as const;
const rowFinal = { retryable: false, kind: 'row' } as const;

/**
 * The retryability table. `satisfies` keeps it exhaustive: adding a code to the union without
 * deciding its row here fails to compile, and so does a row for a code that does not exist.
 */
export const ERROR_CODES = {
  // Usage and configuration (exit 2)
  USAGE: usage,
  CONFIG_INVALID: usage,
  CONFIG_PARSE: usage,
  CONFIG_NOT_FOUND: usage,
  SET_INVALID: usage,
  SET_NOT_FOUND: usage,
  SET_HAS_ROWS: usage,
  ROW_NOT_FOUND: usage,
  RUN_NOT_FOUND: usage,
  ILLEGAL_TRANSITION: usage,
  FILENAME_TOO_LONG: usage,
  RUN_INTERRUPTED_EXISTS: usage,
  RUN_IN_PROGRESS: usage,
  /** `restore` was given a path that is not a backup folder (no `manifest.json`). */
  BACKUP_NOT_FOUND: usage,
  // The environment failed (exit 3)
  PATH_NOT_WRITABLE: operationalFinal,
  DISK_FULL: operational,
  DB_OPEN_FAILED: operational,
  DB_BUSY: operational,
  DB_NOT_INITIALISED: operationalFinal,
  DB_SCHEMA_TOO_NEW: operationalFinal,
  DB_MIGRATION_FAILED: operationalFinal,
  /** A backup's files do not match its manifest (hash or size), or its database fails the integrity check: it is not restored. */
  BACKUP_DAMAGED: operationalFinal,
  LOG_SINK_FAILED: operational,
  OLLAMA_UNREACHABLE: operational,
  OLLAMA_MODEL_MISSING: operationalFinal,
  FTP_AUTH: operationalFinal,
  FTP_CONNECT: operational,
  FTP_TRANSFER: operational,
  /** The FTP server refused the write for lack of space (552): retrying cannot help until space is freed. */
  FTP_REMOTE_FULL: operationalFinal,
  /** The FTP server refused an operation publishing needs (no rename, no write permission, TLS refused). */
  FTP_UNSUPPORTED: operationalFinal,
  MYSQL_AUTH: operationalFinal,
  MYSQL_CONNECT: operational,
  MYSQL_SCHEMA: operationalFinal,
  INTERRUPTED: operational,
  // One file or row failed; the rest go on
  FILE_UNREADABLE: rowFinal,
  FILE_EMPTY: rowFinal,
  FILE_NOT_IMAGE: rowFinal,
  IMAGE_CORRUPT: rowFinal,
  IMAGE_TOO_LARGE: rowFinal,
  IMAGE_UNSUPPORTED: rowFinal,
  SOURCE_MISSING: rowFinal,
  COPY_VERIFY_FAILED: rowRetryable,
  FILENAME_COLLISION: rowRetryable,
  SCORING_FAILED: rowRetryable,
  RESIZE_FAILED: rowRetryable,
  CAPTION_TIMEOUT: rowRetryable,
  CAPTION_CRASH: rowRetryable,
  CAPTION_INVALID_OUTPUT: rowRetryable,
  CAPTION_QUARANTINED: rowFinal,
  PUBLISH_NAME_TAKEN: rowFinal,
  PUBLISH_TEXT_TOO_LONG: rowFinal,
  PUBLISH_METADATA_FAILED: rowRetryable,
  // A bug (exit 70)
  INTERNAL: { retryable: false, kind: 'internal' },
} as const satisfies Record<string, ErrorCodeInfo>;

/** The closed set of error codes. */
export type ErrorCode = keyof typeof ERROR_CODES;

/** Structured, serialisable context attached to an error (never secrets, never image bytes). */
export type ErrorDetails = Readonly<Record<string, unknown>>;

export interface ProofsheetErrorOptions {
  readonly cause?: unknown;
  readonly details?: ErrorDetails;
}

/** The single error class. Construct it with a code and a human message; keep the cause. */
export class ProofsheetError extends Error {
  override readonly name = 'ProofsheetError';
  readonly code: ErrorCode;
  readonly details: ErrorDetails;

  constructor(code: ErrorCode, message: string, options: ProofsheetErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.details = options.details ?? {};
  }

  /** Whether retrying the same operation may succeed. */
  get retryable(): boolean {
    return ERROR_CODES[this.code].retryable;
  }

  /** How this error ends a command; see {@link ErrorKind}. */
  get kind(): ErrorKind {
    return ERROR_CODES[this.code].kind;
  }

  /** A plain object for logs and JSON output. */
  toJSON(): { code: ErrorCode; message: string; retryable: boolean; details: ErrorDetails } {
    return { code: this.code, message: this.message, retryable: this.retryable, details: this.details };
  }
}

/** Narrowing guard for {@link ProofsheetError}. */
export function isProofsheetError(value: unknown): value is ProofsheetError {
  return value instanceof ProofsheetError;
}

/** Narrowing guard for a string that is a known {@link ErrorCode}. */
export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && Object.hasOwn(ERROR_CODES, value);
}

/**
 * Returns `error` itself when it is a {@link ProofsheetError}, else wraps it as `INTERNAL`
 * (an unexpected throw is a bug until an adapter learns to translate it), keeping the cause.
 */
export function toProofsheetError(error: unknown): ProofsheetError {
  if (isProofsheetError(error)) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new ProofsheetError('INTERNAL', message, { cause: error });
}
