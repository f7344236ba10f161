import { ProofsheetError, REVIEW_STATUSES } from '@proofsheet/core';
import { listRows, isReviewStatus, type ReviewRow } from '@proofsheet/queue';
import type { CommandSpec } from '../cli/command.js';
import { EXIT } from '../cli/exit-codes.js';
import { withQueueDatabase } from './_queue-db.js';

/** One compact line per row for humans: id, status, QC, QR, name (or original name) and error code. */
function toRowLine(row: ReviewRow): string {
  const qr = row.QR === null ? '-' : row.QR.toFixed(2);
  const name = row.File_Name ?? `(${row.Original_File_Name ?? 'unnamed'})`;
  const error = row.error_code ? `  ${row.error_code}@${row.error_stage ?? '?'}` : '';
  return `${String(row.id).padStart(6)}  ${row.Review_Status.padEnd(19)} ${row.QC_Status.padEnd(18)} ${qr.padStart(5)}  ${name}${error}`;
}

/**
 * `proofsheet rows [--status S] [--run R]`: lists queue rows. With `--json`: an array of row
 * objects keyed by the `review_queue` column names (docs/cli-json.md).
 */
export const rowsCommand: CommandSpec = {
  name: 'rows',
  summary: 'list queue rows (with --json: full rows keyed by review_queue column names)',
  synopsis: 'proofsheet rows [--status S] [--run R]',
  options: { status: { type: 'string' }, run: { type: 'string' } },
  async run(ctx) {
    const status = typeof ctx.options.status === 'string' ? ctx.options.status : undefined;
    const runId = typeof ctx.options.run === 'string' ? ctx.options.run : undefined;
    if (status !== undefined && !isReviewStatus(status)) {
      throw new ProofsheetError('USAGE', `unknown --status "${status}"; one of: ${REVIEW_STATUSES.join(', ')}`, { details: { command: 'rows' } });
    }
    const rows = await withQueueDatabase(ctx, (db) => listRows(db, { ...(status ? { status } : {}), ...(runId ? { runId } : {}) }));
    if (rows.length > 0) ctx.say(`${'id'.padStart(6)}  ${'Review_Status'.padEnd(19)} ${'QC_Status'.padEnd(18)} ${'QR'.padStart(5)}  File_Name`);
    for (const row of rows) ctx.say(toRowLine(row));
    ctx.say(`${rows.length} row${rows.length === 1 ? '' : 's'}`);
    ctx.emit(rows);
    return EXIT.ok;
  },
};
