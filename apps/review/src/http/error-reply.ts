import { ERROR_CODES, isProofsheetError, type ErrorCode } from '@proofsheet/core';

/**
 * The HTTP status of each error code: the one place where the domain's errors meet HTTP. `satisfies`
 * keeps it exhaustive: a new code does not compile until its status is decided here.
 */
export const STATUS_FOR_CODE = {
  USAGE: 400,
  CONFIG_INVALID: 400,
  CONFIG_PARSE: 400,
  CONFIG_NOT_FOUND: 400,
  SET_INVALID: 422,
  SET_NOT_FOUND: 404,
  SET_HAS_ROWS: 409,
  ROW_NOT_FOUND: 404,
  RUN_NOT_FOUND: 404,
  ILLEGAL_TRANSITION: 409,
  FILENAME_TOO_LONG: 422,
  RUN_INTERRUPTED_EXISTS: 409,
  RUN_IN_PROGRESS: 409,
  BACKUP_NOT_FOUND: 404,
  PATH_NOT_WRITABLE: 503,
  DISK_FULL: 503,
  DB_OPEN_FAILED: 503,
  DB_BUSY: 503,
  DB_NOT_INITIALISED: 503,
  DB_SCHEMA_TOO_NEW: 503,
  DB_MIGRATION_FAILED: 503,
  BACKUP_DAMAGED: 422,
  LOG_SINK_FAILED: 503,
  OLLAMA_UNREACHABLE: 503,
  OLLAMA_MODEL_MISSING: 503,
  FTP_AUTH: 503,
  FTP_CONNECT: 503,
  FTP_TRANSFER: 503,
  FTP_REMOTE_FULL: 503,
  FTP_UNSUPPORTED: 503,
  MYSQL_AUTH: 503,
  MYSQL_CONNECT: 503,
  MYSQL_SCHEMA: 503,
  INTERRUPTED: 503,
  FILE_UNREADABLE: 422,
  FILE_EMPTY: 422,
  FILE_NOT_IMAGE: 422,
  IMAGE_CORRUPT: 422,
  IMAGE_TOO_LARGE: 422,
  IMAGE_UNSUPPORTED: 422,
  SOURCE_MISSING: 422,
  COPY_VERIFY_FAILED: 422,
  FILENAME_COLLISION: 409,
  SCORING_FAILED: 422,
  RESIZE_FAILED: 422,
  CAPTION_TIMEOUT: 503,
  CAPTION_CRASH: 503,
  CAPTION_INVALID_OUTPUT: 422,
  CAPTION_QUARANTINED: 422,
  PUBLISH_NAME_TAKEN: 409,
  PUBLISH_TEXT_TOO_LONG: 422,
  PUBLISH_METADATA_FAILED: 503,
  INTERNAL: 500,
} as const satisfies Record<ErrorCode, number>;

/** What the operator can do about some codes (the `hint` of the error body). */
const HINT_FOR_CODE: Partial<Record<ErrorCode, string>> = {
  DB_BUSY: 'another process holds the database; try again in a moment',
  ROW_NOT_FOUND: 'check the row id (GET /api/rows lists rows)',
  ILLEGAL_TRANSITION: 'reload the row: its status does not allow this change',
  FILENAME_COLLISION: 'choose another file name; the message names the row that holds this one',
  SET_INVALID: 'fix every problem listed and send the set again',
  OLLAMA_UNREACHABLE: 'start Ollama (or check caption.hosts) and try again',
  RUN_INTERRUPTED_EXISTS: 'resume the interrupted run first (POST /api/runs/resume)',
  RUN_IN_PROGRESS: 'wait for the running batch to finish',
};

/** Codes and hints of errors raised by HTTP itself (no domain code), by status. */
const HTTP_CODES: Readonly<Record<number, readonly [code: string, hint: string]>> = {
  400: ['BAD_REQUEST', 'check the request against docs/api.md'],
  401: ['UNAUTHORIZED', 'open the URL that "proofsheet review" printed, or send Authorization: Bearer <token>'],
  403: ['FORBIDDEN', 'send the request from the review page itself'],
  404: ['NOT_FOUND', 'check the URL against docs/api.md'],
  405: ['METHOD_NOT_ALLOWED', 'check the method against docs/api.md'],
  406: ['NOT_ACCEPTABLE', 'accept application/json'],
  409: ['CONFLICT', 'reload and try again'],
  413: ['BODY_TOO_LARGE', 'send a smaller body'],
  415: ['UNSUPPORTED_MEDIA_TYPE', 'send Content-Type: application/json'],
  422: ['UNPROCESSABLE', 'fix the fields listed and try again'],
  503: ['UNAVAILABLE', 'try again in a moment'],
};

/** The JSON error body every route answers with: `{"error": {"code", "message", "hint"}}`. */
export interface ErrorBody {
  readonly error: { readonly code: string; readonly message: string; readonly hint: string; readonly details?: unknown };
}

type HttpLikeError = { statusCode?: unknown; status?: unknown; code?: unknown; message?: unknown; hint?: unknown; details?: unknown; validation?: unknown };

function toStatus(value: unknown): number | null {
  return typeof value === 'number' && Number.isInteger(value) && value >= 400 && value < 600 ? value : null;
}

/**
 * Turns anything thrown while answering a request into its status and error body: a
 * `ProofsheetError` by {@link STATUS_FOR_CODE}, an HTTP error (schema validation, malformed JSON,
 * body too large, `reply.unauthorized()`…) by its status, anything else as 500 `INTERNAL` with a
 * generic message (never a stack or a driver message).
 */
export function toErrorReply(error: unknown): { status: number; body: ErrorBody } {
  if (isProofsheetError(error)) {
    const status = STATUS_FOR_CODE[error.code];
    const message = error.code === 'INTERNAL' ? 'internal error; see logs/review.log' : error.message;
    const issues = (error.details as { issues?: unknown }).issues;
    const hint = HINT_FOR_CODE[error.code] ?? (ERROR_CODES[error.code].retryable ? 'try again' : (HTTP_CODES[status]?.[1] ?? ''));
    return { status, body: { error: { code: error.code, message, hint, ...(issues !== undefined ? { details: issues } : {}) } } };
  }
  const http = (error ?? {}) as HttpLikeError;
  const status = toStatus(http.statusCode) ?? toStatus(http.status);
  if (status === null || status >= 500) {
    return { status: status ?? 500, body: { error: { code: status === 503 ? 'UNAVAILABLE' : 'INTERNAL', message: 'internal error; see logs/review.log', hint: 'try again; if it persists, report it with the log' } } };
  }
  const [fallbackCode, fallbackHint] = HTTP_CODES[status] ?? ['BAD_REQUEST', ''];
  const code = http.validation !== undefined ? 'VALIDATION_FAILED' : typeof http.code === 'string' && /^[A-Z][A-Z0-9_]*$/.test(http.code) && !http.code.startsWith('FST_') ? http.code : toFastifyCode(http.code, fallbackCode);
  const message = typeof http.message === 'string' ? http.message : fallbackCode;
  const hint = typeof http.hint === 'string' ? http.hint : fallbackHint;
  return { status, body: { error: { code, message, hint, ...(http.details !== undefined ? { details: http.details } : {}) } } };
}

/** Fastify's own error codes, renamed to ours. */
function toFastifyCode(code: unknown, fallback: string): string {
  if (code === 'FST_ERR_CTP_INVALID_JSON_BODY' || code === 'FST_ERR_CTP_EMPTY_JSON_BODY') return 'INVALID_JSON';
  if (code === 'FST_ERR_CTP_BODY_TOO_LARGE') return 'BODY_TOO_LARGE';
  if (code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') return 'UNSUPPORTED_MEDIA_TYPE';
  if (code === 'FST_CSRF_MISSING_SECRET' || code === 'FST_CSRF_INVALID_TOKEN') return 'CSRF_REJECTED';
  return fallback;
}
