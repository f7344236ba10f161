import pino from 'pino';
import { redactText } from '@proofsheet/core';
import { REDACT_PATHS, createLineRedactor, redactFields, serializeError } from '../redact/log-redaction.js';

/** A Proofsheet logger (pino): `log.info({ row_id }, 'constant message')`, errors under `err`. */
export type Logger = pino.Logger;

/** Log levels accepted by `logging.level`. */
export type LogLevel = 'trace' | 'debug' | 'info' | 'warn' | 'error' | 'fatal';

/** Options for {@link createLogger}. */
export interface CreateLoggerOptions {
  readonly destination: pino.DestinationStream;
  readonly level?: LogLevel;
  /** Known secret values (passwords from the environment, …): masked in every line. */
  readonly secrets?: readonly string[];
  /** Fields bound to every line (e.g. `{ run_id }`). */
  readonly bindings?: Readonly<Record<string, unknown>>;
}

/**
 * Creates a logger (no singleton: each process or run makes its own). Secrets are removed four
 * ways: pino `redact` paths for secret-named keys, a deep walk of the fields, a serializer that
 * redacts `err.message`/`err.stack`, and a pass over the finished line that masks URL credentials
 * and the known secret values wherever they appear.
 */
export function createLogger(options: CreateLoggerOptions): Logger {
  const secrets = options.secrets ?? [];
  const redactLine = createLineRedactor(secrets);
  return pino(
    {
      level: options.level ?? 'info',
      base: { ...options.bindings },
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: { paths: [...REDACT_PATHS], censor: '***' },
      serializers: { err: (error: unknown) => serializeError(error, secrets) },
      formatters: {
        level: (label) => ({ level: label }),
        log: (object) => redactFields(object, secrets) as Record<string, unknown>,
      },
      hooks: {
        logMethod(args, method) {
          const cleaned = args.map((arg) => (typeof arg === 'string' ? redactText(arg, secrets) : arg)) as Parameters<typeof method>;
          method.apply(this, cleaned);
        },
        streamWrite: redactLine,
      },
    },
    options.destination,
  );
}
