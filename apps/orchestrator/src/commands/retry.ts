import { ProofsheetError, STAGE_COUNT, isErrorCode } from '@proofsheet/core';
import { retryErrorRows } from '@proofsheet/queue';
import type { CommandSpec } from '../cli/command.js';
import { EXIT } from '../cli/exit-codes.js';
import { parsePositiveInt, withQueueDatabase } from './_queue-db.js';

/**
 * `proofsheet retry [--code C] [--stage N]`: requeues `Error` rows (all, or those with that error
 * code / failed stage) back to `Queued` at their failed stage; the next run continues them. Rows
 * that failed before they were named are refused, each with its reason and what to do instead
 * (reject it, or add its folder again); exit 1 when any row was refused, else 0.
 */
export const retryCommand: CommandSpec = {
  name: 'retry',
  summary: 'requeue Error rows at their failed stage (optionally only one error code or stage)',
  synopsis: 'proofsheet retry [--code C] [--stage N]',
  options: { code: { type: 'string' }, stage: { type: 'string' } },
  async run(ctx) {
    const code = typeof ctx.options.code === 'string' ? ctx.options.code : undefined;
    const stageText = typeof ctx.options.stage === 'string' ? ctx.options.stage : undefined;
    if (code !== undefined && !isErrorCode(code)) throw new ProofsheetError('USAGE', `unknown error code "${code}"`, { details: { command: 'retry' } });
    const stage = stageText === undefined ? undefined : parsePositiveInt(stageText, '--stage', 'retry');
    if (stage !== undefined && stage > STAGE_COUNT) throw new ProofsheetError('USAGE', `--stage must be 1–${STAGE_COUNT}, got ${stage}`, { details: { command: 'retry' } });
    const { requeued: rows, refused } = await withQueueDatabase(ctx, (db) => retryErrorRows(db, { ...(code ? { code } : {}), ...(stage ? { stage } : {}) }));
    for (const row of rows) ctx.say(`requeued ${row.id}  ${row.error_code} at stage ${row.stage} (attempt ${row.attempts})`);
    for (const row of refused) ctx.say(`REFUSED  ${row.id}  ${row.reason}`);
    if (rows.length === 0 && refused.length === 0) ctx.say('No Error rows matched.');
    else ctx.say(`Requeued ${rows.length} row${rows.length === 1 ? '' : 's'}${rows.length > 0 ? '; the next run continues each from its failed stage' : ''}; ${refused.length} refused.`);
    ctx.emit({ requeued: rows.length, rows, refused });
    return refused.length > 0 ? EXIT.rowsFailed : EXIT.ok;
  },
};
