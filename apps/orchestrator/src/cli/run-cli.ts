import path from 'node:path';
import { parseArgs } from 'node:util';
import { ProofsheetError, toProofsheetError, redactText, type Env } from '@proofsheet/core';
import type { CommandContext, CommandSpec, OptionValues } from './command.js';
import { EXIT, EXIT_FOR_KIND, type ExitCode } from './exit-codes.js';
import type { Io } from './io.js';
import { GLOBAL_OPTIONS, formatUsage } from './usage.js';
import { COMMANDS, findCommand } from '../commands/registry.js';
import { loadConfig } from '../config/load-config.js';
import { readSecretValues } from '../config/secret-values.js';
import { VERSION } from '../version.js';

export interface CliInputs {
  readonly argv: readonly string[];
  readonly env: Env;
  readonly cwd: string;
  readonly io: Io;
}

/**
 * Runs one CLI invocation and returns its exit code. This is the one place that turns errors
 * into exit codes (SPEC §13): usage/config → 2, operational → 3, internal → 70.
 */
export async function runCli(inputs: CliInputs): Promise<ExitCode> {
  const { io } = inputs;
  const json = inputs.argv.includes('--json');
  try {
    const command = selectCommand(inputs.argv);
    if (command === 'help') {
      io.out(formatUsage(COMMANDS));
      return EXIT.ok;
    }
    if (command === 'version') {
      io.out(VERSION);
      return EXIT.ok;
    }
    const ctx = createContext(command, inputs);
    if (ctx.options.help) {
      io.out(`Usage: ${command.synopsis}\n\n${command.summary}`);
      return EXIT.ok;
    }
    return await command.run(ctx);
  } catch (thrown) {
    return reportFailure(thrown, inputs, json);
  }
}

function selectCommand(argv: readonly string[]): CommandSpec | 'help' | 'version' {
  const { positionals, values } = parseArgs({ args: [...argv], options: GLOBAL_OPTIONS, strict: false, allowPositionals: true });
  const name = positionals[0];
  if (name === undefined) {
    if (values.version) return 'version';
    if (values.help) return 'help';
    throw new ProofsheetError('USAGE', 'no command given');
  }
  if (name === 'help') return 'help';
  const command = findCommand(name);
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
  return {
    root,
    cwd: inputs.cwd,
    env: inputs.env,
    io,
    json,
    positionals,
    options: values,
    configPath,
    loadConfig: (flags) => loadConfig({ root, cwd: inputs.cwd, env: inputs.env, configPath, ...(flags ? { flags } : {}) }),
    say: (line) => (json ? io.err(line) : io.out(line)),
    emit: (value) => {
      if (json) io.out(JSON.stringify(value, null, 2));
    },
  };
}

function reportFailure(thrown: unknown, inputs: CliInputs, json: boolean): ExitCode {
  const error = toProofsheetError(thrown);
  const secrets = readSecretValues(inputs.env);
  const message = redactText(error.message, secrets);
  const { io } = inputs;
  io.err(`error [${error.code}]: ${message}`);
  if (error.code === 'USAGE') {
    const command = typeof error.details.command === 'string' ? findCommand(error.details.command) : undefined;
    io.err('');
    io.err(command ? `Usage: ${command.synopsis}` : formatUsage(COMMANDS));
  }
  if (error.kind === 'internal' && thrown instanceof Error && thrown.stack) {
    io.err(redactText(thrown.stack, secrets));
  }
  if (json) {
    io.out(JSON.stringify({ error: { code: error.code, message, retryable: error.retryable, details: error.details } }, null, 2));
  }
  return EXIT_FOR_KIND[error.kind];
}
