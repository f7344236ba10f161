/**
 * Where a command writes. Machine output (`--json`) goes to stdout, human output to stderr when
 * `--json` is set, otherwise human output goes to stdout.
 */
export interface Io {
  /** Writes one line (a newline is added) to standard output. */
  out(line: string): void;
  /** Writes one line (a newline is added) to standard error. */
  err(line: string): void;
  /** Whether standard error is a terminal (progress bars vs plain lines). */
  readonly isTty: boolean;
  /** Redraws the progress line in place on a terminal; `done` ends it with a newline. */
  progress(text: string, done: boolean): void;
}

/** The real process streams. */
export function createProcessIo(): Io {
  return {
    out: (line) => void process.stdout.write(`${line}\n`),
    err: (line) => void process.stderr.write(`${line}\n`),
    isTty: Boolean(process.stderr.isTTY),
    progress: (text, done) => void process.stderr.write(`\r\x1b[K${text}${done ? '\n' : ''}`),
  };
}

/** An in-memory Io that records lines (used by tests and by nested command calls). */
export function createMemoryIo(): Io & { readonly stdout: string[]; readonly stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return {
    stdout,
    stderr,
    isTty: false,
    out: (line) => void stdout.push(line),
    err: (line) => void stderr.push(line),
    progress: (text) => void stderr.push(text),
  };
}
