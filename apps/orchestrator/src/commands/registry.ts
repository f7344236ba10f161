import type { CommandSpec } from '../cli/command.js';
import { cleanCommand } from './clean.js';
import { configCommand } from './config.js';
import { doctorCommand } from './doctor.js';
import { initCommand } from './init.js';
import { logsCommand } from './logs.js';
import { QUEUE_COMMANDS } from './queue-commands.js';
import { recoverCommand } from './recover.js';
import { resumeCommand } from './resume.js';
import { runCommand } from './run.js';
import { scoreCommand } from './score.js';
import { setCommand } from './set.js';

/** Every command of the `proofsheet` binary, in the order `--help` lists them. */
export const COMMANDS: readonly CommandSpec[] = [initCommand, configCommand, doctorCommand, setCommand, runCommand, resumeCommand, recoverCommand, ...QUEUE_COMMANDS, scoreCommand, logsCommand, cleanCommand];

/** The command called `name`, if any. */
export function findCommand(name: string): CommandSpec | undefined {
  return COMMANDS.find((command) => command.name === name);
}
