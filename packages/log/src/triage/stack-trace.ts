/** One frame of a stack trace. */
export interface StackFrame {
  readonly file: string | null;
  readonly line: number | null;
  readonly function: string | null;
  /** The source line, when the trace shows it (Python does). */
  readonly code: string | null;
}

/** A parsed stack trace (Node or Python), with the exceptions it was caused by. */
export interface Traceback {
  readonly raw: string;
  readonly language: 'node' | 'python';
  readonly exception_type: string | null;
  readonly exception_message: string | null;
  readonly frames: readonly StackFrame[];
  /** The exceptions behind this one, innermost last (Node `cause`, Python chained exceptions). */
  readonly causes: readonly Omit<Traceback, 'raw' | 'causes' | 'language'>[];
}

const NODE_FRAME = /^\s*at (?:(.+?) \()?(?:(.+?):(\d+):\d+|native|<anonymous>)\)?\s*$/;
const PY_FRAME = /^\s*File "(.+?)", line (\d+)(?:, in (.+))?$/;
const PY_CHAIN = /^(During handling of the above exception, another exception occurred:|The above exception was the direct cause of the following exception:)$/;
const EXCEPTION_HEAD = /^(?:\[cause\]: |Caused by: )?(?:\[[A-Z][A-Z0-9_]+\] )?([A-Za-z_][\w.]*(?:Error|Exception|Warning|Interrupt|Exit)?)(?:\s*\[[A-Z_]+\])?:(?: (.*))?$/;

/** Whether `text` (a block of lines) holds a Node or Python stack trace. */
export function looksLikeStack(text: string): boolean {
  return /^\s*at .+:\d+:\d+\)?\s*$/m.test(text) || /^Traceback \(most recent call last\):/m.test(text);
}

function toHead(line: string): { type: string | null; message: string | null } {
  const head = EXCEPTION_HEAD.exec(line.trim());
  return head ? { type: head[1] ?? null, message: head[2] ?? '' } : { type: null, message: line.trim() || null };
}

function parseNodeBlock(lines: readonly string[]): Omit<Traceback, 'raw' | 'causes' | 'language'> {
  const headLine = lines.find((l) => l.trim() !== '' && !NODE_FRAME.test(l)) ?? '';
  const head = toHead(headLine);
  const frames: StackFrame[] = [];
  for (const line of lines) {
    const m = NODE_FRAME.exec(line);
    if (m) frames.push({ function: m[1] ?? null, file: m[2] ?? null, line: m[3] ? Number(m[3]) : null, code: null });
  }
  return { exception_type: head.type, exception_message: head.message, frames };
}

function parseNode(raw: string): Traceback {
  // Causes start at "Caused by:" (our crash records) or "[cause]:" (util.inspect of an error with a cause).
  const blocks: string[][] = [[]];
  for (const line of raw.split('\n')) {
    if (/^\s*(Caused by: |\[cause\]: )/.test(line)) blocks.push([line.trim()]);
    else blocks.at(-1)!.push(line);
  }
  const [first, ...rest] = blocks.map(parseNodeBlock);
  return { raw, language: 'node', ...first!, causes: rest };
}

function parsePythonBlock(lines: readonly string[]): Omit<Traceback, 'raw' | 'causes' | 'language'> {
  const frames: StackFrame[] = [];
  let last: { type: string | null; message: string | null } = { type: null, message: null };
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const frame = PY_FRAME.exec(line);
    if (frame) {
      const next = lines[i + 1];
      const code = next !== undefined && /^\s{4,}\S/.test(next) && !PY_FRAME.test(next) ? next.trim() : null;
      frames.push({ file: frame[1] ?? null, line: Number(frame[2]), function: frame[3] ?? null, code });
      if (code !== null) i += 1;
    } else if (line.trim() !== '' && !/^Traceback \(most recent call last\):/.test(line) && !/^\s/.test(line)) {
      last = toHead(line);
    }
  }
  return { exception_type: last.type, exception_message: last.message, frames };
}

function parsePython(raw: string): Traceback {
  // Chained exceptions come first, the one that ended the program last.
  const blocks: string[][] = [[]];
  for (const line of raw.split('\n')) {
    if (PY_CHAIN.test(line.trim())) blocks.push([]);
    else blocks.at(-1)!.push(line);
  }
  const parsed = blocks.filter((b) => b.some((l) => l.trim() !== '')).map(parsePythonBlock);
  const final = parsed.at(-1) ?? { exception_type: null, exception_message: null, frames: [] };
  return { raw, language: 'python', ...final, causes: parsed.slice(0, -1).reverse() };
}

/** Parses a Node or Python stack trace (with chained causes); never throws on odd input. */
export function parseStackTrace(raw: string): Traceback {
  return /^Traceback \(most recent call last\):/m.test(raw) ? parsePython(raw) : parseNode(raw);
}
