import { spawn, type ChildProcess } from 'node:child_process';
import { ProofsheetError } from '@proofsheet/core';

/** How to start the `proofsheet` CLI as a child process. */
export interface CliCommand {
  /** The Node executable. */
  readonly node: string;
  /** The compiled CLI (`apps/orchestrator/bin/proofsheet.mjs`). */
  readonly bin: string;
}

/** A batch started by the server. */
export interface LaunchedBatch {
  readonly pid: number;
  readonly args: readonly string[];
}

/** Starts `proofsheet run` / `resume` as child processes: a crash in a native library ends the child, never the server. */
export interface RunLauncher {
  /** Starts `proofsheet <args> --root <root>`; refuses (`RUN_IN_PROGRESS`) while a child it started still runs. */
  start(args: readonly string[]): LaunchedBatch;
  /** The batch still running, if any. */
  running(): LaunchedBatch | null;
  /** Stops a running child (SIGTERM: the CLI checkpoints and exits) and waits for it. */
  close(): Promise<void>;
}

/**
 * The launcher for a project root. Without a CLI command (`cli` null) starting a batch is refused
 * with `USAGE`. Children inherit no stdin;
 * their output goes to the run's own logs (the CLI writes them), so stdout/stderr are discarded.
 */
export function createRunLauncher(root: string, cli: CliCommand | null, env: Readonly<Record<string, string>>, onExit: (batch: LaunchedBatch, code: number | null, signal: string | null) => void): RunLauncher {
  let child: { process: ChildProcess; batch: LaunchedBatch; exited: Promise<void> } | null = null;
  return {
    start(args) {
      if (cli === null) throw new ProofsheetError('USAGE', 'this server was started without the proofsheet CLI, so it cannot start batches');
      if (child !== null) throw new ProofsheetError('RUN_IN_PROGRESS', `a batch started from the review page is still running (pid ${child.batch.pid})`);
      const spawned = spawn(cli.node, [cli.bin, ...args, '--root', root], { cwd: root, env: { ...env }, stdio: ['ignore', 'ignore', 'ignore'], detached: false });
      if (spawned.pid === undefined) throw new ProofsheetError('INTERNAL', 'the proofsheet CLI could not be started');
      const batch = { pid: spawned.pid, args: [...args] };
      const exited = new Promise<void>((resolve) => {
        spawned.on('exit', (code, signal) => {
          child = null;
          onExit(batch, code, signal);
          resolve();
        });
      });
      child = { process: spawned, batch, exited };
      return batch;
    },
    running: () => child?.batch ?? null,
    async close() {
      const current = child;
      if (current === null) return;
      current.process.kill('SIGTERM');
      await current.exited;
    },
  };
}
