import type { CommandSpec } from '../cli/command.js';
import { approveCommand, pendingCommand, rejectCommand } from './decide.js';
import { retryCommand } from './retry.js';
import { rowsCommand } from './rows.js';
import { statusCommand } from './status.js';

/** The commands that read and change the queue, in `--help` order. */
export const QUEUE_COMMANDS: readonly CommandSpec[] = [statusCommand, rowsCommand, approveCommand, rejectCommand, pendingCommand, retryCommand];
