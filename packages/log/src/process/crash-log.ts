import fs from 'node:fs';
import path from 'node:path';
import { redactText } from '@proofsheet/core';
import { CRASH_LOG } from '../run/run-files.js';

/** Where a crash is recorded, known once the configuration has been read. */
export interface CrashTarget {
  readonly logsDir: string;
  readonly secrets: readonly string[];
}

/** The crash record for an uncaught exception, an unhandled rejection or an internal error (redacted), with its `cause` chain. */
export function toCrashText(error: unknown, origin: string, secrets: readonly string[], at: Date = new Date()): string {
  return redactText(`${at.toISOString()} [FATAL] ${origin} (pid ${process.pid})\n${toStackChain(error)}\n\n`, secrets);
}

/** `error`'s stack, then each cause's (a wrapped bug's own stack is the one that matters), at most 5 deep. */
export function toStackChain(error: unknown): string {
  const parts: string[] = [];
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current !== undefined; depth += 1) {
    const text = current instanceof Error ? (current.stack ?? `${current.name}: ${current.message}`) : `non-error value: ${safeString(current)}`;
    parts.push(depth === 0 ? text : `Caused by: ${text}`);
    current = current instanceof Error ? current.cause : undefined;
  }
  return parts.join('\n');
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
