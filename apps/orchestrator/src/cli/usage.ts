/** Global options every command accepts. */
export const GLOBAL_OPTIONS = {
  root: { type: 'string' },
  config: { type: 'string' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean' },
} as const;

/** The usage text: synopsis of every registered command plus the global options. */
export function formatUsage(commands: readonly { readonly synopsis: string; readonly summary: string }[]): string {
  const width = 34;
  // A long synopsis gets its summary on the next line, so one long command does not push every summary off the screen.
  const lines = commands.flatMap((c) =>
    c.synopsis.length <= width ? [`  ${c.synopsis.padEnd(width)}  ${c.summary}`] : [`  ${c.synopsis}`, `  ${''.padEnd(width)}  ${c.summary}`],
  );
  return [
    'Usage: proofsheet <command> [options]',
    '',
    'Commands:',
    ...lines,
    '',
    'Global options:',
    '  --root <dir>     project root (default: the current directory)',
    '  --config <file>  config file (default: <root>/proofsheet.config.json, or $PROOFSHEET_CONFIG)',
    '  --json           machine-readable output on stdout; human output on stderr',
    '  -h, --help       show this help',
    '  --version        print the version',
    '',
    'Exit codes: 0 ok, 1 some rows failed, 2 usage or config error, 3 aborted (safe to resume), 70 internal error.',
  ].join('\n');
}
