import { REDACTED, isSecretKey, redactText } from '@proofsheet/core';

const SECRET_KEYS = ['password', 'passwd', 'pass', 'secret', 'token', 'authorization', 'apiKey', 'api_key', 'accessToken', 'access_token', 'cookie'];

/**
 * pino `redact` paths: secret-named keys at the top level and up to two levels down, plus HTTP
 * headers. A deep walk ({@link redactFields}) and a final pass over every line back these up.
 */
export const REDACT_PATHS: readonly string[] = [
  ...SECRET_KEYS.flatMap((key) => [key, `*.${key}`, `*.*.${key}`]),
  'headers.authorization',
  'req.headers.authorization',
  'req.headers.cookie',
];

const MAX_DEPTH = 6;

/**
 * A copy of `value` where every secret-named key is masked and every string passes through
 * `redactText` (URL credentials and the known secret values). Errors are left to the serializer.
 */
export function redactFields(value: unknown, secrets: readonly string[], depth = 0): unknown {
  if (typeof value === 'string') return redactText(value, secrets);
  if (value === null || typeof value !== 'object' || value instanceof Error || depth >= MAX_DEPTH) return value;
  if (Array.isArray(value)) return value.map((item) => redactFields(item, secrets, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    out[key] = isSecretKey(key) && item !== null && item !== undefined ? REDACTED : redactFields(item, secrets, depth + 1);
  }
  return out;
}

/** A serialised error as it appears in logs, with message and stack redacted. */
export interface SerializedError {
  readonly type: string;
  readonly message: string;
  readonly stack?: string;
  readonly code?: string;
  readonly cause?: SerializedError;
}

/** Serialises an error for a log record, redacting message, stack and cause chain. */
export function serializeError(error: unknown, secrets: readonly string[], depth = 0): SerializedError {
  if (!(error instanceof Error)) return { type: typeof error, message: redactText(String(error), secrets) };
  const code = (error as { code?: unknown }).code;
  const cause = (error as { cause?: unknown }).cause;
  return {
    type: error.name,
    message: redactText(error.message, secrets),
    ...(error.stack ? { stack: redactText(error.stack, secrets) } : {}),
    ...(typeof code === 'string' ? { code } : {}),
    ...(cause !== undefined && depth < 3 ? { cause: serializeError(cause, secrets, depth + 1) } : {}),
  };
}

/**
 * Masks the known secret values in a finished (JSON) line, in both their raw and JSON-escaped
 * spellings, plus URL credentials. The last line of defence before anything reaches a sink.
 */
export function createLineRedactor(secrets: readonly string[]): (line: string) => string {
  const variants = [...new Set(secrets.filter((s) => s.length > 0).flatMap((s) => [s, JSON.stringify(s).slice(1, -1)]))];
  return (line) => redactText(line, variants);
}
