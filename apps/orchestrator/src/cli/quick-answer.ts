import { COMMAND_CATALOG, findCommand } from '../commands/registry.js';
import { VERSION } from '../version.js';
import { formatUsage } from './usage.js';

/**
 * The answer to a request that runs no command — `--help`, `help`, `--version`, `<command> --help`
 * — or null. The process boundary answers these before loading the CLI itself (config schema,
 * logging, the queue), so help comes back at about the cost of starting Node. The output is the
 * same text `runCli` prints for them.
 */
export function toQuickAnswer(argv: readonly string[]): string | null {
  const [first, second] = argv;
  if (argv.length === 1 && (first === '--help' || first === '-h' || first === 'help')) return formatUsage(COMMAND_CATALOG);
  if (argv.length === 1 && first === '--version') return VERSION;
  if (argv.length === 2 && first !== undefined && (second === '--help' || second === '-h')) {
    const command = findCommand(first);
    return command ? `Usage: ${command.synopsis}\n\n${command.summary}` : null;
  }
  return null;
}
