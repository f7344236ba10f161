import { createHash } from 'node:crypto';
import { classifyError, type Analysis } from './classify.js';
import { normaliseMessage, toStackKey } from './normalise.js';
import { readLogEntries, type LogEntry, type ReadStats } from './read-entries.js';
import { looksLikeStack, parseStackTrace, type Traceback } from './stack-trace.js';

/** One deduplicated error: the same stage and normalised message (or stack) seen `count` times. */
export interface TriageError {
  readonly timestamp: string | null;
  readonly level: string;
  readonly stage: string | null;
  readonly message: string;
  readonly error_code: string | null;
  readonly dedupe_key: string;
  /** What made the key: the stage, and the normalised message or the stack's frames (module + function). */
  readonly key_parts: { readonly stage: string | null; readonly message?: string; readonly frames?: string };
  count: number;
  readonly first_seen: string | null;
  last_seen: string | null;
  readonly row_ids: Array<string | number>;
  readonly file_names: string[];
  readonly error_type: Analysis['error_type'];
}

/** Where the run's first fatal error is. */
export interface FirstFatal {
  readonly source: string;
  readonly line: number;
  readonly timestamp: string | null;
  readonly stage: string | null;
  readonly row_id: string | number | null;
  readonly file_name: string | null;
  readonly message: string;
  readonly error_code: string | null;
}

/** The structured answer of triage (SPEC §8; `proofsheet triage --json`, minus what the caller adds: run, status, impact). */
export interface LogTriage {
  readonly error_summary: string;
  readonly first_fatal: FirstFatal | null;
  readonly errors: TriageError[];
  readonly traceback: Traceback | null;
  readonly analysis: Analysis | null;
  readonly lines_read: number;
  readonly malformed_lines: number;
}

/** Warnings that silently change results are findings too (a provider fallback, a dead log sink, one core). */
const SILENT_CHANGE = /fall(?:ing|s)? back|fell back|provider.*(?:failed|not load|unavailable)|sink.*(?:down|unavailable)|cannot be written|worker threads unavailable|EXIF (?:is damaged|could not be read|unreadable)|caption (?:prefill |stage )?(?:skipped|stopped)|not installed on|ollama pull|is not reachable/i;
const MAX_IDS = 50;

function isFinding(entry: LogEntry): boolean {
  if (entry.level === 'error' || entry.level === 'fatal' || entry.event === 'stage_error') return true;
  return entry.level === 'warn' && (SILENT_CHANGE.test(entry.message) || entry.event === 'sink_down');
}

function toKey(entry: LogEntry, traceback: Traceback | null): { key: string; parts: TriageError['key_parts'] } {
  const frames = traceback ? toStackKey(traceback.frames) : null;
  const parts = frames ? { stage: entry.stage, frames } : { stage: entry.stage, message: normaliseMessage(entry.message) };
  const key = `${parts.stage ?? '-'}|${entry.code ?? ''}|${frames ?? parts.message}`;
  return { key: createHash('sha256').update(key).digest('hex').slice(0, 12), parts };
}

function addId<T>(list: T[], value: T | null): void {
  if (value !== null && list.length < MAX_IDS && !list.includes(value)) list.push(value);
}

/**
 * Triage of one or more log files (a run's `trace.jsonl`, `run.log`, `logs/crash.log`,
 * `logs/publish.log`, or anything with Node/Python stack traces): every finding deduplicated with
 * counts, the first fatal error, its parsed stack and what it most likely means. Streams each file
 * (memory stays bounded by the number of distinct errors, not the log size).
 */
export async function triageLogFiles(files: readonly string[]): Promise<LogTriage> {
  const stats: ReadStats = { lines: 0, malformed: 0 };
  const groups = new Map<string, TriageError>();
  let firstFatal: { entry: LogEntry; traceback: Traceback | null } | null = null;
  let firstError: { entry: LogEntry; traceback: Traceback | null } | null = null;
  let firstWarning: { entry: LogEntry; traceback: Traceback | null } | null = null;
  for (const file of files) {
    for await (const entry of readLogEntries(file, stats)) {
      if (!isFinding(entry)) continue;
      const traceback = entry.stack && looksLikeStack(entry.stack) ? parseStackTrace(entry.stack) : null;
      // A generic line ("row publish failed") says less than the error it carries.
      const carried = traceback?.exception_message ?? null;
      const message = carried && !entry.message.includes(carried) ? [entry.message, carried].filter(Boolean).join(': ') : entry.message;
      const { key, parts } = toKey({ ...entry, message }, traceback);
      let group = groups.get(key);
      if (!group) {
        const analysis = classifyError({ code: entry.code, message: [message, entry.stack ?? ''].join('\n'), exceptionType: traceback?.exception_type ?? null, stage: entry.stage });
        group = { timestamp: entry.timestamp, level: entry.level, stage: entry.stage, message, error_code: entry.code, dedupe_key: key, key_parts: parts, count: 0, first_seen: entry.timestamp, last_seen: entry.timestamp, row_ids: [], file_names: [], error_type: analysis.error_type };
        groups.set(key, group);
      }
      group.count += 1;
      group.last_seen = entry.timestamp ?? group.last_seen;
      addId(group.row_ids, entry.row_id);
      addId(group.file_names, entry.file_name);
      if (entry.level !== 'warn') firstError ??= { entry: { ...entry, message }, traceback };
      else firstWarning ??= { entry: { ...entry, message }, traceback };
      if (entry.level === 'fatal' || entry.event === 'stage_error') firstFatal ??= { entry: { ...entry, message }, traceback };
    }
  }
  // A run that stopped no stage but changed its results (captions skipped: the model is missing) is still explained.
  const chosen = firstFatal ?? firstError ?? firstWarning;
  const errors = [...groups.values()];
  const analysis = chosen ? classifyError({ code: chosen.entry.code, message: [chosen.entry.message, chosen.entry.stack ?? ''].join('\n'), exceptionType: chosen.traceback?.exception_type ?? null, stage: chosen.entry.stage }) : null;
  return {
    error_summary: summarise(errors, chosen?.entry ?? null),
    first_fatal: chosen ? toFirstFatal(chosen.entry) : null,
    errors,
    traceback: chosen?.traceback ?? null,
    analysis,
    lines_read: stats.lines,
    malformed_lines: stats.malformed,
  };
}

function toFirstFatal(entry: LogEntry): FirstFatal {
  return { source: entry.source, line: entry.line, timestamp: entry.timestamp, stage: entry.stage, row_id: entry.row_id, file_name: entry.file_name, message: entry.message, error_code: entry.code };
}

function summarise(errors: readonly TriageError[], first: LogEntry | null): string {
  if (errors.length === 0) return 'no errors found';
  const total = errors.reduce((n, e) => n + e.count, 0);
  const head = first ? `first: ${first.code ? `[${first.code}] ` : ''}${first.message}${first.stage ? ` (stage ${first.stage})` : ''}` : 'warnings only';
  return `${total} finding(s) in ${errors.length} distinct error(s); ${head}`;
}
