import path from 'node:path';
import { parseArgs } from 'node:util';
import { ProofsheetError, toProofsheetError, redactText, toProjectPaths, type Env } from '@proofsheet/core';
import { toStackChain, type LogRuntime, type ProcessHooks } from '@proofsheet/log';
import type { CommandContext, CommandSpec, OptionValues } from './command.js';
import { EXIT, EXIT_FOR_KIND, type ExitCode } from './exit-codes.js';
import type { Io } from './io.js';
import { GLOBAL_OPTIONS, formatUsage } from './usage.js';
import { COMMAND_CATALOG, findCommand, toCommandEntry, type CommandEntry } from '../commands/registry.js';
import { toLogSecrets } from '../logging/log-secrets.js';
import { openCommandLogging } from '../logging/open-logging.js';
import { createInertHooks } from './inert-hooks.js';
import { loadConfig } from '../config/load-config.js';
import { readSecretValues } from '../config/secret-values.js';
import { VERSION } from '../version.js';

export interface CliInputs {
  readonly argv: readonly string[];
  readonly env: Env;
  readonly cwd: string;
  readonly io: Io;
  /** Crash/signal hooks installed by the process boundary (default: inert, for in-process calls). */
  readonly hooks?: ProcessHooks;
  /** The commands offered (default: the catalog); tests add fixture commands here, as specs or entries. */
  readonly commands?: readonly (CommandSpec | CommandEntry)[];
}

/**
 * Runs one CLI invocation and returns its exit code. This is the one place that turns errors
 * into exit codes (SPEC §13): usage/config → 2, operational → 3, internal → 70.
 */
export async function runCli(inputs: CliInputs): Promise<ExitCode> {
  const { io } = inputs;
  const hooks = inputs.hooks ?? createInertHooks();
  const json = inputs.argv.includes('--json');
  const entries = toEntries(inputs.commands);
  try {
    const selected = selectCommand(inputs.argv, entries);
    if (selected === 'help') {
      io.out(formatUsage(entries));
      return EXIT.ok;
    }
    if (selected === 'version') {
      io.out(VERSION);
      return EXIT.ok;
    }
    const command = await selected.load();
    const ctx = createContext(command, { ...inputs, hooks });
    if (ctx.options.help) {
      io.out(`Usage: ${command.synopsis}\n\n${command.summary}`);
      return EXIT.ok;
    }
    return await command.run(ctx);
  } catch (thrown) {
    return reportFailure(thrown, inputs, json, hooks, entries);
  }
}

function toEntries(commands: CliInputs['commands']): readonly CommandEntry[] {
  return commands === undefined ? COMMAND_CATALOG : commands.map((c) => ('load' in c ? c : toCommandEntry(c)));
}

function selectCommand(argv: readonly string[], commands: readonly CommandEntry[]): CommandEntry | 'help' | 'version' {
  const { positionals, values } = parseArgs({ args: [...argv], options: GLOBAL_OPTIONS, strict: false, allowPositionals: true });
  const name = positionals[0];
  if (name === undefined) {
    if (values.version) return 'version';
    if (values.help) return 'help';
    throw new ProofsheetError('USAGE', 'no command given');
  }
  if (name === 'help') return 'help';
  const command = commands.find((c) => c.name === name);
  if (!command) throw new ProofsheetError('USAGE', `unknown command "${name}"`);
  return command;
}

function createContext(command: CommandSpec, inputs: CliInputs): CommandContext {
  let parsed: { values: OptionValues; positionals: string[] };
  try {
    parsed = parseArgs({ args: [...inputs.argv], options: { ...GLOBAL_OPTIONS, ...command.options }, strict: true, allowPositionals: true });
  } catch (error) {
    throw new ProofsheetError('USAGE', error instanceof Error ? error.message : String(error), { cause: error, details: { command: command.name } });
  }
  const positionals = parsed.positionals.slice(1);
  if (positionals.length > (command.maxPositionals ?? 0)) {
    throw new ProofsheetError('USAGE', `too many arguments for "${command.name}": ${positionals.join(' ')}`, { details: { command: command.name } });
  }
  const values = parsed.values;
  const json = values.json === true;
  const root = path.resolve(inputs.cwd, typeof values.root === 'string' ? values.root : '.');
  const configPath = typeof values.config === 'string' ? values.config : undefined;
  const { io } = inputs;
  const hooks = inputs.hooks ?? createInertHooks();
  let logging: Promise<LogRuntime> | null = null;
  hooks.setCrashTarget({ logsDir: path.join(root, 'logs'), secrets: toLogSecrets(null, inputs.env) });
  const load: CommandContext['loadConfig'] = (flags) => {
    const loaded = loadConfig({ root, cwd: inputs.cwd, env: inputs.env, configPath, ...(flags ? { flags } : {}) });
    hooks.setCrashTarget({ logsDir: toProjectPaths(root, loaded.config.paths).logs, secrets: toLogSecrets(loaded.config, inputs.env) });
    return loaded;
  };
  return {
    root,
    cwd: inputs.cwd,
    env: inputs.env,
    io,
    json,
    positionals,
    options: values,
    configPath,
    loadConfig: load,
    hooks,
    startLogging: () => {
      logging ??= (async () => {
        const { config } = load();
        return openCommandLogging({ root, config, secrets: toLogSecrets(config, inputs.env), hooks, warn: (line) => io.err(line) });
      })();
      return logging;
    },
    say: (line) => (json ? io.err(line) : io.out(line)),
    emit: (value) => {
      if (json) io.out(JSON.stringify(value, null, 2));
    },
  };
}

function reportFailure(thrown: unknown, inputs: CliInputs, json: boolean, hooks: ProcessHooks, entries: readonly CommandEntry[]): ExitCode {
  const error = toProofsheetError(thrown);
  const secrets = readSecretValues(inputs.env);
  const message = redactText(error.message, secrets);
  const { io } = inputs;
  io.err(`error [${error.code}]: ${message}`);
  if (error.code === 'USAGE') {
    const command = typeof error.details.command === 'string' ? findCommand(error.details.command, entries) : undefined;
    io.err('');
    io.err(command ? `Usage: ${command.synopsis}` : formatUsage(entries));
  }
  if (error.kind === 'internal') {
    // A bug: its stack (and the stacks of what it wraps) on stderr and in logs/crash.log.
    io.err(redactText(toStackChain(thrown), secrets));
    const file = hooks.recordCrash(thrown, 'internal error');
    if (file) io.err(`crash recorded in ${file}`);
  }
  if (json) {
    io.out(JSON.stringify({ error: { code: error.code, message, retryable: error.retryable, details: error.details } }, null, 2));
  }
  return EXIT_FOR_KIND[error.kind];
}
