import fs from 'node:fs';
import readline from 'node:readline';

/** One log entry, from a JSON line, a human line, or a block of text (a traceback). */
export interface LogEntry {
  readonly source: string;
  readonly line: number;
  readonly timestamp: string | null;
  readonly level: string;
  readonly stage: string | null;
  readonly message: string;
  readonly code: string | null;
  readonly row_id: string | number | null;
  readonly file_name: string | null;
  readonly event: string | null;
  /** Stack or traceback text that came with the entry. */
  readonly stack: string | null;
}

const HUMAN = /^(\d{4}-\d\d-\d\dT[\d:.]+Z?) \[(TRACE|DEBUG|INFO|WARN|ERROR|FATAL|STAGE \d\/\d)\] ?(.*)$/;
const PY_START = /^Traceback \(most recent call last\):\s*$/;
// Inside a traceback: indented frames, blank lines, chain markers, and `module.Type: message` lines.
const PY_CONTINUES = /^(\s|Traceback \(most recent call last\):|During handling of the above exception|The above exception was the direct cause|[A-Za-z_][\w.]*(?::|$)|$)/;
const CODE_IN_TEXT = /\[([A-Z][A-Z0-9_]{3,})\]/;
const STACK_AT_MARGIN = /^(?:(?:Caused by: |\[cause\]: )?[A-Za-z_][\w.]*(?:Error|Exception)\b|\s+at )/;

const text = (value: unknown): string | null => (typeof value === 'string' && value !== '' ? value : null);

function fromJson(record: Record<string, unknown>, source: string, line: number): LogEntry {
  const err = record.err && typeof record.err === 'object' ? (record.err as Record<string, unknown>) : null;
  const level = typeof record.level === 'number' ? (record.level >= 60 ? 'fatal' : record.level >= 50 ? 'error' : record.level >= 40 ? 'warn' : 'info') : String(record.level ?? 'info');
  // A notice (what the operator was told) says more than the event name in msg.
  const message = [text(record.notice) ?? text(record.msg), err ? text(err.message) : null, text(record.reason as string)].filter((m): m is string => m !== null);
  return {
    source, line, level,
    timestamp: text(record.time) ?? (typeof record.time === 'number' ? new Date(record.time).toISOString() : null),
    stage: text(record.stage),
    message: message.length > 1 && record.event === 'stage_error' ? message.slice(1).join(': ') : message.join(': '),
    code: text(record.error_code) ?? (err ? text(err.code) : null),
    row_id: typeof record.row_id === 'number' || typeof record.row_id === 'string' ? record.row_id : null,
    file_name: text(record.File_Name),
    event: text(record.event),
    stack: err ? text(err.stack) : null,
  };
}

function fromHuman(match: RegExpExecArray, source: string, line: number): LogEntry {
  const rest = match[3] ?? '';
  const field = (name: string) => new RegExp(`(?:^|\\s)${name}=("(?:[^"\\\\]|\\\\.)*"|\\S+)`).exec(rest)?.[1]?.replace(/^"|"$/g, '') ?? null;
  const level = (match[2] ?? 'INFO').startsWith('STAGE') ? 'info' : (match[2] ?? 'INFO').toLowerCase();
  return {
    source, line, level, timestamp: match[1] ?? null, stage: field('stage') ?? (field('log') === 'publish' ? 'publish' : null),
    message: rest.replace(/\s\w+=("(?:[^"\\]|\\.)*"|\S+)/g, '').trim(),
    code: field('error_code') ?? CODE_IN_TEXT.exec(rest)?.[1] ?? null,
    row_id: field('row_id'), file_name: field('File_Name'), event: field('event'), stack: null,
  };
}

function fromLooseText(body: string, source: string, line: number, level: string): LogEntry {
  return { source, line, level, timestamp: null, stage: null, message: body.trim().split('\n').at(-1)?.trim() ?? '', code: CODE_IN_TEXT.exec(body)?.[1] ?? null, row_id: null, file_name: null, event: null, stack: body };
}

/**
 * Two processes writing one file can splice a record into another's line (`{"level":"info",…"msg":"ro{"level":"error",…}`):
 * the last record that parses from a `{"` inside the line is kept.
 */
function recoverEmbeddedRecord(line: string): Record<string, unknown> | null {
  for (let at = line.lastIndexOf('{"'); at > 0; at = line.lastIndexOf('{"', at - 1)) {
    try {
      const record = JSON.parse(line.slice(at)) as unknown;
      if (record && typeof record === 'object' && !Array.isArray(record)) return record as Record<string, unknown>;
    } catch {
      // not a whole record from here
    }
  }
  return null;
}

/** Counts of what could not be read as an entry. */
export interface ReadStats {
  lines: number;
  malformed: number;
}

/**
 * Streams the entries of a log file line by line (bounded memory for any size): JSON lines, our
 * human lines with their indented stack lines, Python tracebacks (with their chained exceptions)
 * and, for anything else, lines that name an error. Truncated JSON, interleaved output and bytes
 * that are not UTF-8 are counted as malformed or decoded with replacement characters; reading never
 * fails on content.
 */
export async function* readLogEntries(file: string, stats: ReadStats): AsyncGenerator<LogEntry> {
  const lines = readline.createInterface({ input: fs.createReadStream(file, { encoding: 'utf8' }), crlfDelay: Infinity });
  let pending: { entry: LogEntry; stack: string[] } | null = null;
  let python: { start: number; lines: string[] } | null = null;
  const flush = (): LogEntry | null => {
    const done = pending ? { ...pending.entry, stack: pending.stack.length > 0 ? [pending.entry.stack, ...pending.stack].filter(Boolean).join('\n') : pending.entry.stack } : null;
    pending = null;
    return done;
  };
  let n = 0;
  for await (const raw of lines) {
    n += 1;
    stats.lines += 1;
    const lineText = raw.replace(/\r$/, '');
    if (python) {
      if (PY_CONTINUES.test(lineText)) {
        python.lines.push(lineText);
        continue;
      }
      yield fromLooseText(python.lines.join('\n').trimEnd(), file, python.start, 'error');
      python = null;
    }
    if (pending && /^( {4}|\t)/.test(lineText)) {
      pending.stack.push(lineText.replace(/^( {4}|\t)/, ''));
      continue;
    }
    // A crash record (logs/crash.log) puts its stack at the margin under the [FATAL] line.
    if (pending && (pending.entry.level === 'fatal' || pending.entry.level === 'error') && STACK_AT_MARGIN.test(lineText)) {
      pending.stack.push(lineText);
      continue;
    }
    const done = flush();
    if (done) yield done;
    if (lineText.trim() === '') continue;
    if (PY_START.test(lineText)) {
      python = { start: n, lines: [lineText] };
      continue;
    }
    if (lineText.startsWith('{')) {
      try {
        const record = JSON.parse(lineText) as unknown;
        if (record && typeof record === 'object' && !Array.isArray(record)) {
          yield fromJson(record as Record<string, unknown>, file, n);
          continue;
        }
      } catch {
        // a truncated or interleaved JSON line: counted below, after looking for a whole record inside it
      }
      stats.malformed += 1;
      const embedded = recoverEmbeddedRecord(lineText);
      if (embedded) yield fromJson(embedded, file, n);
      continue;
    }
    const human = HUMAN.exec(lineText);
    if (human) {
      pending = { entry: fromHuman(human, file, n), stack: [] };
      continue;
    }
    if (/\b(?:error|fatal|exception|fail(?:ed|ure)?|panic|abort(?:ed)?)\b/i.test(lineText)) yield fromLooseText(lineText, file, n, /warn/i.test(lineText) ? 'warn' : 'error');
    else stats.malformed += 1;
  }
  if (python) yield fromLooseText(python.lines.join('\n').trimEnd(), file, python.start, 'error');
  const last = flush();
  if (last) yield last;
}
