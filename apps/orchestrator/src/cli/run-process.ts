import { installProcessHooks } from '@proofsheet/log';
import type { Env } from '@proofsheet/core';
import type { CommandSpec } from './command.js';
import type { CommandEntry } from '../commands/registry.js';
import { createProcessIo } from './io.js';
import { runCli } from './run-cli.js';

/** What the process boundary passes in: argv, env, cwd and the one way to exit. */
export interface ProcessInputs {
  readonly argv: readonly string[];
  readonly env: Env;
  readonly cwd: string;
  readonly exit: (code: number) => void;
  /** The commands to offer (default: the catalog). */
  readonly commands?: readonly (CommandSpec | CommandEntry)[];
}

/**
 * The whole process lifecycle around {@link runCli}: installs the crash and signal hooks first
 * (an uncaught exception → `logs/crash.log` + exit 70; SIGTERM → flush + exit 143), runs the
 * command, flushes every log sink, then exits with the command's code.
 */
export async function runProcess(inputs: ProcessInputs): Promise<void> {
  const hooks = installProcessHooks({ exit: inputs.exit, stderr: (text) => void process.stderr.write(text) });
  const code = await runCli({ argv: inputs.argv, env: inputs.env, cwd: inputs.cwd, io: createProcessIo(), hooks, ...(inputs.commands ? { commands: inputs.commands } : {}) });
  await hooks.flushAll();
  await drainStandardStreams();
  inputs.exit(code);
}

/**
 * Waits until everything written to stdout and stderr has been handed to the OS. Writes to a pipe
 * are asynchronous in Node: exiting at once cut `rows --json` off at the pipe's 64 KiB buffer. An
 * empty write's callback runs after every earlier write; a reader that went away (EPIPE) ends the
 * wait instead of crashing the process.
 */
async function drainStandardStreams(): Promise<void> {
  await Promise.all(
    [process.stdout, process.stderr].map(
      (stream) =>
        new Promise<void>((resolve) => {
          if (stream.destroyed || stream.writableEnded) return resolve();
          stream.once('error', () => resolve());
          stream.write('', () => resolve());
        }),
    ),
  );
}
