import { STAGES, toStageHeader, type StageName } from '@proofsheet/core';

/** A parsed log record as the sinks see it (one pino JSON line). */
export interface LogRecord {
  readonly time: string;
  readonly level: string;
  readonly msg?: string;
  readonly run_id?: string;
  readonly stage?: string;
  readonly row_id?: number | string;
  readonly File_Name?: string;
  readonly event?: string;
  readonly [field: string]: unknown;
}

const OMIT = new Set(['time', 'level', 'msg', 'pid', 'hostname', 'err', 'event']);

/** Whether `name` is a known stage name. */
export function isStageName(name: unknown): name is StageName {
  return typeof name === 'string' && Object.hasOwn(STAGES, name);
}

/**
 * The human line for a record: `<time> [INFO] message key=value …`, or `<time> [STAGE n/8] Title …`
 * for stage starts, followed by the error stack on indented lines when the record carries one.
 */
export function toHumanLine(record: LogRecord): string {
  const header = record.event === 'stage_start' && isStageName(record.stage);
  const head = header ? toStageHeader(record.stage as StageName) : `[${record.level.toUpperCase()}]`;
  const fields = Object.entries(record)
    .filter(([key, value]) => !OMIT.has(key) && value !== undefined && !(header && key === 'stage_number'))
    .map(([key, value]) => `${key}=${toFieldText(value)}`);
  const message = header ? '' : (record.msg ?? record.event ?? '');
  const text = [record.time, head, message, ...fields].filter((part) => part !== '').join(' ');
  return `${text}${toErrorText(record.err)}\n`;
}

function toFieldText(value: unknown): string {
  if (typeof value === 'string') return /[\s"=]/.test(value) ? JSON.stringify(value) : value;
  return JSON.stringify(value);
}

function toErrorText(err: unknown): string {
  if (err === null || typeof err !== 'object') return '';
  const { stack, message, code } = err as { stack?: unknown; message?: unknown; code?: unknown };
  const body = typeof stack === 'string' ? stack : `${String(message)}`;
  const prefix = typeof code === 'string' ? `[${code}] ` : '';
  return `\n${(prefix + body).split('\n').map((line) => `    ${line}`).join('\n')}`;
}
