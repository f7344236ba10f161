import type { CommandSpec } from '../cli/command.js';

/**
 * One command as `--help` lists it, and how to load its implementation. The catalog names every
 * command without importing any: `proofsheet --help` and a usage error load no command module (so
 * none of the native libraries behind them), and a command loads only its own dependencies.
 */
export interface CommandEntry {
  readonly name: string;
  readonly summary: string;
  readonly synopsis: string;
  load(): Promise<CommandSpec>;
}

const entry = (name: string, synopsis: string, summary: string, load: () => Promise<CommandSpec>): CommandEntry => ({ name, summary, synopsis, load });

/**
 * Every command of the `proofsheet` binary, in the order `--help` lists them. Summary and synopsis
 * repeat the command module's own (a test keeps the two equal).
 */
export const COMMAND_CATALOG: readonly CommandEntry[] = [
  entry('init', 'proofsheet init', 'create config (if absent), data/, logs/ and the database; safe to run again', async () => (await import('./init.js')).initCommand),
  entry('config', 'proofsheet config', 'print the resolved configuration (defaults < file < env < flags), secrets redacted', async () => (await import('./config.js')).configCommand),
  entry('doctor', 'proofsheet doctor', 'preflight: config, writable paths, disk space, database', async () => (await import('./doctor.js')).doctorCommand),
  entry(
    'set',
    'proofsheet set add <folder> --subject S --location L --category C | set list | set remove <id>',
    'add a set (folder + subject, location, category), list sets, or remove a set without rows',
    async () => (await import('./set.js')).setCommand,
  ),
  entry('run', 'proofsheet run [--set <id>...] [--no-caption]', 'run the pipeline (stages 1-7) for pending sets and waiting rows', async () => (await import('./run.js')).runCommand),
  entry('resume', 'proofsheet resume', "continue interrupted runs from every row's checkpoint", async () => (await import('./resume.js')).resumeCommand),
  entry('recover', 'proofsheet recover --dry-run', 'show what resume would do (interrupted runs, checkpoints, staged copies)', async () => (await import('./recover.js')).recoverCommand),
  entry('status', 'proofsheet status', 'counts by Review_Status and QC_Status, recent runs, log sink health', async () => (await import('./status.js')).statusCommand),
  entry('rows', 'proofsheet rows [--status S] [--run R]', 'list queue rows (with --json: full rows keyed by review_queue column names)', async () => (await import('./rows.js')).rowsCommand),
  entry('approve', 'proofsheet approve <id>...', 'mark rows Approved (same rules as the review UI); exit 1 if some ids failed', async () => (await import('./decide.js')).approveCommand),
  entry('reject', 'proofsheet reject <id>...', 'mark rows Rejected (same rules as the review UI); exit 1 if some ids failed', async () => (await import('./decide.js')).rejectCommand),
  entry('pending', 'proofsheet pending <id>...', 'mark rows Pending (same rules as the review UI); exit 1 if some ids failed', async () => (await import('./decide.js')).pendingCommand),
  entry('retry', 'proofsheet retry [--code C] [--stage N]', 'requeue Error rows at their failed stage (optionally only one error code or stage)', async () => (await import('./retry.js')).retryCommand),
  entry(
    'publish',
    'proofsheet publish [--dry-run] [--row <id>...] [--new-name] [--force] [--events]',
    'publish approved rows to the website (local or FTP + MySQL), journaled, exactly once',
    async () => (await import('./publish.js')).publishCommand,
  ),
  entry('catalog', 'proofsheet catalog pull', "copy the live catalog's names and hashes into the local mirror", async () => (await import('./catalog.js')).catalogCommand),
  entry('score', 'proofsheet score <file>... [--json]', 'quality metrics for files (same code as stage 5)', async () => (await import('./score.js')).scoreCommand),
  entry('logs', 'proofsheet logs [<run_id>] [--tail N] [--follow]', 'show the log of a run (default: the latest); --json for trace events', async () => (await import('./logs.js')).logsCommand),
  entry('review', 'proofsheet review [--port N] [--host H]', 'serve the review API on 127.0.0.1 (prints the URL with an access token); Ctrl+C stops it', async () => (await import('./review.js')).reviewCommand),
  entry('backup', 'proofsheet backup [--to DIR]', 'consistent copy of the database and config (+ manifest with SHA-256) into data/backups/<timestamp>/', async () => (await import('./backup.js')).backupCommand),
  entry('restore', 'proofsheet restore <backup>', "put a backup folder's database back in place (checked against its manifest; the replaced one is kept aside)", async () => (await import('./restore.js')).restoreCommand),
  entry(
    'names',
    'proofsheet names [--state S] | names release <name>... [--dry-run]',
    'list filename reservations (--state S), or release names no row can use (names release <name>... [--dry-run])',
    async () => (await import('./names.js')).namesCommand,
  ),
  entry('triage', 'proofsheet triage [<run_id>] [--publish] [--report]', 'structured errors of a run: first fatal error, deduplicated errors, cause and fix', async () => (await import('./triage.js')).triageCommand),
  entry('clean', 'proofsheet clean [--dry-run]', 'remove staged copies and derivatives that no row references (--dry-run lists them)', async () => (await import('./clean.js')).cleanCommand),
  entry('verify', 'proofsheet verify [--run R | --since DATE] [--urls]', 'post-publish checklist: catalog rows, files and sizes, mirror, journal, leftovers (--urls: public URLs); exit 1 on a problem', async () => (await import('./verify.js')).verifyCommand),
];

/** A command given as a full spec (tests add fixture commands) as a catalog entry. */
export function toCommandEntry(spec: CommandSpec): CommandEntry {
  return { name: spec.name, summary: spec.summary, synopsis: spec.synopsis, load: async () => spec };
}

/** The entry called `name`, if any. */
export function findCommand(name: string, entries: readonly CommandEntry[] = COMMAND_CATALOG): CommandEntry | undefined {
  return entries.find((command) => command.name === name);
}
