import { spawn } from 'node:child_process';
import { ProofsheetError } from '@proofsheet/core';
import type { CliCommand } from './run-launcher.js';

/**
 * One row's result, as soon as the CLI knows it (`publish --events`): the fields of a summary row
 * plus `done`, the rows reported so far. `status`: `published`, `failed`, `skipped`, `not_run`, or
 * under a dry run `would_publish` / `would_fail`.
 */
export interface PublishRowEvent {
  readonly type: 'row';
  readonly id: number;
  readonly File_Name: string | null;
  readonly status: 'published' | 'failed' | 'skipped' | 'not_run' | 'would_publish' | 'would_fail';
  readonly reason: string;
  readonly error_code: string | null;
  readonly error_message: string | null;
  readonly catalog_id: number | null;
  readonly done: number;
}

/** One event of a publish, as `GET /api/publish/events` sends it. */
export type PublishEvent =
  | { readonly type: 'start'; readonly pid: number; readonly args: readonly string[] }
  | PublishRowEvent
  | { readonly type: 'progress'; readonly line: string }
  | { readonly type: 'summary'; readonly summary: unknown }
  | { readonly type: 'end'; readonly exit_code: number | null; readonly signal: string | null };

/** `proofsheet publish` run as a child process, its events kept for late listeners and sent to live ones. */
export interface PublishJobs {
  /** Starts `proofsheet publish --json <args>`; refuses (`RUN_IN_PROGRESS`) while one runs. */
  start(args: readonly string[]): { pid: number; args: readonly string[] };
  /** Every event of the current (or last) publish, oldest first. */
  history(): readonly PublishEvent[];
  /** Calls `listener` for each new event; returns the way to stop listening. */
  subscribe(listener: (event: PublishEvent) => void): () => void;
  running(): boolean;
  /** Stops a running publish (SIGTERM: the journal lets the next publish continue) and waits for it. */
  close(): Promise<void>;
}

const ROW_STATUSES: ReadonlySet<string> = new Set(['published', 'failed', 'skipped', 'not_run', 'would_publish', 'would_fail']);
const textOrNull = (value: unknown): string | null => (typeof value === 'string' ? value : null);

/** The row event of a `publish --events` line, or null for any other line (a human progress line). */
export function toPublishRowEvent(line: string): PublishRowEvent | null {
  if (!line.startsWith('{"type":"row"')) return null;
  let value: Record<string, unknown>;
  try {
    value = JSON.parse(line) as Record<string, unknown>;
  } catch {
    return null;
  }
  if (typeof value.id !== 'number' || typeof value.status !== 'string' || !ROW_STATUSES.has(value.status)) return null;
  return {
    type: 'row', id: value.id, File_Name: textOrNull(value.File_Name), status: value.status as PublishRowEvent['status'], reason: textOrNull(value.reason) ?? '',
    error_code: textOrNull(value.error_code), error_message: textOrNull(value.error_message), catalog_id: typeof value.catalog_id === 'number' ? value.catalog_id : null,
    done: typeof value.done === 'number' ? value.done : 0,
  };
}

/**
 * Publishes through the compiled CLI, so the image and metadata libraries run in a child process
 * (a crash there never takes the server down) and the publish engine, its destinations and its
 * journal stay the CLI's. Each row's result (`--events`, a JSON line on stderr) becomes a `row`
 * event as it happens; the other stderr lines (counts, rate) become `progress` events; the SPEC §13
 * JSON summary (stdout) becomes `summary`; then `end` with the exit code.
 */
export function createPublishJobs(root: string, cli: CliCommand | null, env: Readonly<Record<string, string>>): PublishJobs {
  let events: PublishEvent[] = [];
  let current: { kill: () => void; exited: Promise<void> } | null = null;
  const listeners = new Set<(event: PublishEvent) => void>();
  const emit = (event: PublishEvent): void => {
    events.push(event);
    for (const listener of listeners) listener(event);
  };
  return {
    start(args) {
      if (cli === null) throw new ProofsheetError('USAGE', 'this server was started without the proofsheet CLI, so it cannot publish');
      if (current !== null) throw new ProofsheetError('RUN_IN_PROGRESS', 'a publish started from the review page is still running');
      const all = ['publish', '--json', '--events', ...args, '--root', root];
      const child = spawn(cli.node, [cli.bin, ...all], { cwd: root, env: { ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
      if (child.pid === undefined) throw new ProofsheetError('INTERNAL', 'the proofsheet CLI could not be started');
      events = [];
      let stdout = '';
      let pending = '';
      child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
      child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
        const lines = (pending + chunk).split(/\r?\n|\r/);
        pending = lines.pop() ?? '';
        for (const line of lines) if (line.trim() !== '') emit(toPublishRowEvent(line) ?? { type: 'progress', line: line.replace(/\x1b\[[0-9;]*[A-Za-z]/g, '') });
      });
      const exited = new Promise<void>((resolve) =>
        child.on('close', (code, signal) => {
          if (pending.trim() !== '') emit(toPublishRowEvent(pending) ?? { type: 'progress', line: pending });
          try {
            if (stdout.trim() !== '') emit({ type: 'summary', summary: JSON.parse(stdout) as unknown });
          } catch {
            emit({ type: 'progress', line: 'publish printed no summary' });
          }
          current = null;
          emit({ type: 'end', exit_code: code, signal });
          resolve();
        }),
      );
      current = { kill: () => child.kill('SIGTERM'), exited };
      emit({ type: 'start', pid: child.pid, args: all.slice(0, -2) });
      return { pid: child.pid, args: all.slice(0, -2) };
    },
    history: () => events,
    subscribe(listener) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
    running: () => current !== null,
    async close() {
      listeners.clear();
      if (current === null) return;
      current.kill();
      await current.exited;
    },
  };
}
