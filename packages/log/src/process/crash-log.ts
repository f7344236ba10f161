import fs from 'node:fs';
import path from 'node:path';
import { redactText } from '@proofsheet/core';
import { CRASH_LOG } from '../run/run-files.js';

/** Where a crash is recorded, known once the configuration has been read. */
export interface CrashTarget {
  readonly logsDir: string;
  readonly secrets: readonly string[];
}

/** The crash record for an uncaught exception or unhandled rejection (redacted). */
export function toCrashText(error: unknown, origin: string, secrets: readonly string[], at: Date = new Date()): string {
  const body = error instanceof Error ? (error.stack ?? `${error.name}: ${error.message}`) : `non-error value: ${safeString(error)}`;
  return redactText(`${at.toISOString()} [FATAL] ${origin} (pid ${process.pid})\n${body}\n\n`, secrets);
}

/**
 * Appends the crash record to `logs/crash.log` synchronously (it must land before the process
 * exits). Returns the file written, or null when it could not be written (the caller still
 * prints the record on stderr).
 */
export function writeCrashRecord(target: CrashTarget, text: string): string | null {
  const file = path.join(target.logsDir, CRASH_LOG);
  try {
    fs.mkdirSync(target.logsDir, { recursive: true });
    fs.appendFileSync(file, text);
    return file;
  } catch {
    return null;
  }
}

function safeString(value: unknown): string {
  try {
    return typeof value === 'string' ? value : JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}
