import type { ParseArgsConfig } from 'node:util';
import type { Env } from '@proofsheet/core';
import type { Io } from './io.js';
import type { ExitCode } from './exit-codes.js';
import type { LoadedConfig } from '../config/load-config.js';
import type { ConfigOverrides } from '@proofsheet/core';
import type { LogRuntime, ProcessHooks } from '@proofsheet/log';

/** Parsed option values of one command (global options included). */
export type OptionValues = Readonly<Record<string, string | boolean | string[] | boolean[] | undefined>>;

/** What a command receives. */
export interface CommandContext {
  /** Absolute project root (`--root`, default: the working directory). */
  readonly root: string;
  readonly cwd: string;
  readonly env: Env;
  readonly io: Io;
  /** `--json`: one machine-readable document on stdout, human lines on stderr. */
  readonly json: boolean;
  readonly positionals: readonly string[];
  readonly options: OptionValues;
  /** `--config`, when given. */
  readonly configPath: string | undefined;
  /** Loads the configuration (throws `CONFIG_INVALID` listing every problem). */
  loadConfig(flags?: ConfigOverrides): LoadedConfig;
  /**
   * The process hooks: register work to flush before exit, or take over SIGINT/SIGTERM for a
   * graceful stop (`hooks.onSignal('SIGINT', stop)`; a second Ctrl+C falls back to flush + exit).
   */
  readonly hooks: ProcessHooks;
  /**
   * Opens and probes the log sinks from the configuration (`logs/`, `logging.sharedDir`,
   * `logging.database`). A required sink that fails throws `LOG_SINK_FAILED` (exit 3); an optional
   * one warns on stderr and is recorded in `logs/sink_health.json`. Opened once per command (later calls
   * return the same runtime) and flushed automatically at exit.
   */
  startLogging(): Promise<LogRuntime>;
  /** A human line: stdout normally, stderr under `--json`. */
  say(line: string): void;
  /** The machine-readable result, printed as JSON on stdout under `--json` (ignored otherwise). */
  emit(value: unknown): void;
}

/** One CLI command. Adding a command means adding one of these to the registry. */
export interface CommandSpec {
  readonly name: string;
  /** One line for `proofsheet --help`. */
  readonly summary: string;
  /** The synopsis, e.g. `proofsheet logs [<run_id>] [--tail N]`. */
  readonly synopsis: string;
  /** Command-specific options (global ones are added automatically). */
  readonly options?: NonNullable<ParseArgsConfig['options']>;
  /** Largest number of positional arguments accepted (default 0). */
  readonly maxPositionals?: number;
  run(ctx: CommandContext): Promise<ExitCode>;
}
