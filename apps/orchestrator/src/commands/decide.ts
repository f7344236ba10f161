import { ProofsheetError } from '@proofsheet/core';
import { decideRow, DECISION_STATUS, type Decision, type DecisionResult, type SqliteDatabase } from '@proofsheet/queue';
import type { CommandSpec } from '../cli/command.js';
import { EXIT } from '../cli/exit-codes.js';
import { withQueueDatabase } from './_queue-db.js';

/** Largest number of ids one decision command accepts. */
const MAX_IDS = 10_000;

function decideOne(db: SqliteDatabase, raw: string, decision: Decision): DecisionResult {
  if (!/^\d+$/.test(raw)) return { id: raw, ok: false, error_code: 'USAGE', message: `"${raw}" is not a row id` };
  return decideRow(db, Number(raw), decision, { kind: 'operator', name: 'cli' });
}

/**
 * Builds `approve`, `reject` or `pending`: moves each id with the same transition rules the review
 * UI uses (actor `operator`), one transaction per id, and reports every id. Exits 1 when any id
 * failed (unknown id, illegal transition, name taken), 0 otherwise.
 */
function createDecisionCommand(name: string, verb: string, decision: Decision): CommandSpec {
  const to = DECISION_STATUS[decision];
  return {
    name,
    summary: `mark rows ${to} (same rules as the review UI); exit 1 if some ids failed`,
    synopsis: `proofsheet ${name} <id>...`,
    maxPositionals: MAX_IDS,
    async run(ctx) {
      if (ctx.positionals.length === 0) throw new ProofsheetError('USAGE', `${name} needs at least one row id`, { details: { command: name } });
      const results = await withQueueDatabase(ctx, (db) => ctx.positionals.map((raw) => decideOne(db, raw, decision)));
      for (const r of results) ctx.say(r.ok ? `${verb.padEnd(8)} ${r.id}  ${r.from} → ${r.to}  ${r.File_Name ?? ''}`.trimEnd() : `FAILED   ${r.id}  [${r.error_code}] ${r.message}`);
      const failed = results.filter((r) => !r.ok).length;
      ctx.say(`${results.length - failed} ${verb}, ${failed} failed`);
      ctx.emit({ updated: results.length - failed, failed, results });
      return failed > 0 ? EXIT.rowsFailed : EXIT.ok;
    },
  };
}

/** `proofsheet approve <id>...` */
export const approveCommand = createDecisionCommand('approve', 'approved', 'approve');
/** `proofsheet reject <id>...` (releases the rows' names; rows are kept) */
export const rejectCommand = createDecisionCommand('reject', 'rejected', 'reject');
/** `proofsheet pending <id>...` (back to review) */
export const pendingCommand = createDecisionCommand('pending', 'pending', 'pending');
