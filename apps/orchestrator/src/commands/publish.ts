import { isProofsheetError, ProofsheetError, toProjectPaths } from '@proofsheet/core';
import { createMetadataWriter, runPublish, type PublishRowResult, type PublishSummary } from '@proofsheet/publisher';
import { markRowsForRepublish, renameRowToNextFreeName, type SqliteDatabase } from '@proofsheet/queue';
import { renderPublishImages } from '@proofsheet/stages';
import type { CommandContext, CommandSpec } from '../cli/command.js';
import { EXIT, EXIT_FOR_KIND, type ExitCode } from '../cli/exit-codes.js';
import { createProgressReporter } from '../cli/progress.js';
import { openDestination, toPublishWorkDir } from '../publish/open-destination.js';
import { parsePositiveInt, withQueueDatabase } from './_queue-db.js';

/**
 * `proofsheet publish [--dry-run] [--row <id>...] [--new-name] [--json]`: publishes Approved rows,
 * rows marked for re-publish and rows whose publish stopped part-way (continued at their journaled
 * step). `--new-name` (with one `--row`) first gives that row the next free name of its prefix: the
 * fix for `PUBLISH_NAME_TAKEN`. `--force` (with `--row`) marks those Published rows for re-publish first,
 * as an edit of their text would: files re-uploaded, catalog row updated in place (the fix `verify`
 * names for a missing or damaged published file or catalog row). `--events` prints one JSON line per
 * row on stderr as soon as its result is known (`{"type":"row", …}`, the summary's row fields plus
 * `done`, the rows reported so far), for a caller that follows the publish live (the review server). Exit 0; 1 when a
 * row failed; 3 when the destination failed (safe to run again).
 */
export const publishCommand: CommandSpec = {
  name: 'publish',
  summary: 'publish approved rows to the website (local or FTP + MySQL), journaled, exactly once',
  synopsis: 'proofsheet publish [--dry-run] [--row <id>...] [--new-name] [--force] [--events]',
  options: { 'dry-run': { type: 'boolean' }, row: { type: 'string', multiple: true }, 'new-name': { type: 'boolean' }, force: { type: 'boolean' }, events: { type: 'boolean' } },
  async run(ctx) {
    const loaded = ctx.loadConfig();
    const rowIds = readRowIds(ctx);
    const dryRun = ctx.options['dry-run'] === true;
    if (ctx.options['new-name'] === true && (rowIds?.length !== 1 || dryRun)) throw new ProofsheetError('USAGE', '--new-name needs exactly one --row and no --dry-run', { details: { command: 'publish' } });
    if (ctx.options.force === true && (rowIds === undefined || dryRun)) throw new ProofsheetError('USAGE', '--force needs --row and no --dry-run', { details: { command: 'publish' } });
    const runtime = await ctx.startLogging();
    const publishId = `publish_${new Date().toISOString().replace(/[-:]/g, '').replace(/\..*$/, '').replace('T', '_')}`;
    const logger = runtime.openProcessLogger('publish', { run_id: publishId });
    const metadata = createMetadataWriter();
    try {
      const summary = await withQueueDatabase(ctx, async (db, paths) => {
        // Remote: the live catalog is pulled first, so --new-name never hands out a name the website holds.
        const destination = await openDestination({ config: loaded.config, secrets: loaded.secrets, paths: toProjectPaths(ctx.root, loaded.config.paths), db, log: logger.log, dryRun });
        try {
          if (ctx.options['new-name'] === true) renameForPublish(ctx, db, rowIds?.[0] as number);
          if (ctx.options.force === true) for (const id of markRowsForRepublish(db, rowIds ?? [])) ctx.say(`marked    ${id}  for re-publish`);
          const { publish } = loaded.config;
          return await runPublish({
            db, destination, renderImages: renderPublishImages, metadata, workDir: toPublishWorkDir(paths), publicUrlBase: publish.publicUrlBase, jpegQuality: publish.jpegQuality,
            stripGps: publish.stripGps, watermark: publish.watermark, copyright: publish.copyright, runId: dryRun ? null : publishId, now: () => new Date(), log: logger.log,
            dryRun, concurrency: 2, onProgress: createProgressReporter(ctx.io, 'rows'), ...(rowIds ? { rowIds } : {}),
            ...(ctx.options.events === true ? { onRow: createRowEvents(ctx) } : {}),
          });
        } finally {
          await destination.files.close();
          await destination.catalog.close();
        }
      });
      return report(ctx, summary);
    } catch (error) {
      // A publish that could not start or went down (a schema refused, a server gone) is in publish.log too, for triage.
      logger.log.error({ event: 'publish_failed', err: error, ...(isProofsheetError(error) ? { error_code: error.code } : {}) }, 'publish failed');
      throw error;
    } finally {
      await metadata.close();
      logger.close();
    }
  },
};

function readRowIds(ctx: CommandContext): number[] | undefined {
  const rows = ctx.options.row;
  if (!Array.isArray(rows) || rows.length === 0) return undefined;
  return rows.map((id) => parsePositiveInt(String(id), '--row', 'publish'));
}

function renameForPublish(ctx: CommandContext, db: SqliteDatabase, id: number): void {
  const renamed = renameRowToNextFreeName(db, id, { kind: 'operator', name: 'cli' });
  ctx.say(`renamed  ${id}  ${renamed.from ?? ''} → ${renamed.to}`);
}

/** A summary row as `publish --json` prints it. */
function toRowJson(r: PublishRowResult) {
  return { id: r.id, File_Name: r.File_Name, status: r.status, error_code: r.error_code, error_message: r.error_message, reason: r.reason, catalog_id: r.catalog_id };
}

/** `--events`: one JSON line per row on stderr as soon as its result is known, with rows done so far. */
function createRowEvents(ctx: CommandContext): (row: PublishRowResult) => void {
  let done = 0;
  return (row) => {
    done += 1;
    ctx.io.err(JSON.stringify({ type: 'row', ...toRowJson(row), done }));
  };
}

function report(ctx: CommandContext, summary: PublishSummary): ExitCode {
  for (const row of summary.rows) {
    const label = row.status.toUpperCase().replace('_', ' ');
    ctx.say(`${label.padEnd(13)} ${String(row.id).padStart(5)}  ${row.File_Name ?? ''}${row.error_code ? `  [${row.error_code}] ${row.error_message ?? ''}` : row.status === 'skipped' ? `  (${row.reason})` : ''}`);
  }
  const verb = summary.dry_run ? 'Would publish' : 'Published';
  ctx.say(`${verb} ${summary.published}, failed ${summary.failed}, skipped ${summary.skipped}${summary.dry_run ? ' (dry run: nothing was changed)' : ''}.`);
  if (summary.halted) ctx.say(`Stopped: [${summary.halted.code}] ${summary.halted.message}. Run "proofsheet publish" again to continue where it stopped.`);
  ctx.emit({
    published: summary.published,
    failed: summary.failed,
    skipped: summary.skipped,
    dry_run: summary.dry_run,
    halted: summary.halted ? { code: summary.halted.code, message: summary.halted.message } : null,
    rows: summary.rows.map(toRowJson),
  });
  if (summary.halted) return EXIT_FOR_KIND[summary.halted.kind];
  return summary.failed > 0 ? EXIT.rowsFailed : EXIT.ok;
}
