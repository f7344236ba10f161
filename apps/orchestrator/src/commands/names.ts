import { ProofsheetError } from '@proofsheet/core';
import { listNameReservations, releaseNames, type NameListing, type ReservationState } from '@proofsheet/queue';
import type { CommandContext, CommandSpec } from '../cli/command.js';
import { EXIT, type ExitCode } from '../cli/exit-codes.js';
import { withQueueDatabase } from './_queue-db.js';

const STATES: readonly ReservationState[] = ['reserved', 'committed', 'released'];

/**
 * `proofsheet names [--state S]` lists filename reservations with their row and run;
 * `proofsheet names release <name>... [--dry-run]` releases names whose row was rejected, failed
 * before staging, or is gone, and that the catalog mirror does not hold. Every other name is
 * refused with the reason; exit 1 when anything was refused.
 */
export const namesCommand: CommandSpec = {
  name: 'names',
  summary: 'list filename reservations (--state S), or release names no row can use (names release <name>... [--dry-run])',
  synopsis: 'proofsheet names [--state S] | names release <name>... [--dry-run]',
  options: { state: { type: 'string' }, 'dry-run': { type: 'boolean' } },
  maxPositionals: 10_000,
  async run(ctx) {
    const [action, ...names] = ctx.positionals;
    if (action === undefined) return listNames(ctx);
    if (action === 'release' && names.length > 0) return release(ctx, names);
    throw new ProofsheetError('USAGE', action === 'release' ? 'names release needs at least one name' : `cannot parse "names ${ctx.positionals.join(' ')}"; use "names [--state S]" or "names release <name>..."`, {
      details: { command: 'names' },
    });
  },
};

function parseState(value: unknown): ReservationState | undefined {
  if (value === undefined) return undefined;
  if (typeof value === 'string' && (STATES as readonly string[]).includes(value)) return value as ReservationState;
  throw new ProofsheetError('USAGE', `--state must be one of ${STATES.join(', ')}, got "${String(value)}"`, { details: { command: 'names' } });
}

function toJsonName(entry: NameListing) {
  return {
    name: entry.name,
    state: entry.state,
    row_id: entry.row_id,
    review_status: entry.review_status,
    run_id: entry.run_id,
    run_status: entry.run_status,
    created_at: entry.created_at,
    updated_at: entry.updated_at,
  };
}

async function listNames(ctx: CommandContext): Promise<ExitCode> {
  const state = parseState(ctx.options.state);
  const names = await withQueueDatabase(ctx, (db) => listNameReservations(db, state === undefined ? {} : { state }));
  for (const entry of names) {
    const row = entry.row_id === null ? 'no row' : `row ${entry.row_id} (${entry.review_status ?? 'gone'})`;
    ctx.say(`${entry.state.padEnd(9)}  ${entry.name}  ${row}  run ${entry.run_id ?? '-'}`);
  }
  ctx.say(`${names.length} name${names.length === 1 ? '' : 's'}`);
  ctx.emit(names.map(toJsonName));
  return EXIT.ok;
}

async function release(ctx: CommandContext, names: readonly string[]): Promise<ExitCode> {
  if (ctx.options.state !== undefined) throw new ProofsheetError('USAGE', '--state applies to "names" only, not to "names release"', { details: { command: 'names' } });
  const dryRun = ctx.options['dry-run'] === true;
  const outcomes = await withQueueDatabase(ctx, (db) => releaseNames(db, names, { dryRun }));
  for (const entry of outcomes) ctx.say(`${entry.outcome.replace('_', ' ').padEnd(16)}  ${entry.name}  (${entry.reason})`);
  const refused = outcomes.filter((entry) => entry.outcome === 'refused').length;
  const done = outcomes.filter((entry) => entry.outcome === 'released' || entry.outcome === 'would_release').length;
  ctx.say(`${dryRun ? 'Would release' : 'Released'} ${done} name(s)${refused > 0 ? `; refused ${refused}` : ''}.`);
  ctx.emit({ dry_run: dryRun, released: dryRun ? 0 : done, refused, names: outcomes });
  return refused > 0 ? EXIT.rowsFailed : EXIT.ok;
}
