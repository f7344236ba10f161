import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { ProofsheetError, type ProjectPaths, type ResolvedConfig, type Secrets } from '@proofsheet/core';
import { planClean } from '@proofsheet/pipeline';
import { checkUrls, createLocalVerifyTarget, createRemoteVerifyTarget, verifyPublishedRows, type VerifyCheck, type VerifyTarget } from '@proofsheet/publisher';
import { getRow, listPublishedRowRecords, listPublishJobs, type SqliteDatabase, type VerifyScope } from '@proofsheet/queue';
import type { CommandContext, CommandSpec } from '../cli/command.js';
import { EXIT, type ExitCode } from '../cli/exit-codes.js';
import { findMissingRemoteSettings, openCatalogClient, toFtpConnection, toPublishWorkDir, toSiteDir } from '../publish/open-destination.js';
import { withQueueDatabase } from './_queue-db.js';

/**
 * `proofsheet verify [--run R | --since DATE] [--urls]`: the post-publish checklist (runbook §3.5)
 * of every Published row in scope: catalog row, both files with their size, the local mirror
 * (remote), queue status / reservation / journal, with `--urls` the public URLs; then files no row
 * references (staging, the publish work folder, temporary uploads). Each problem names its row,
 * evidence and fix. Exit 0 when every check holds, 1 otherwise.
 */
export const verifyCommand: CommandSpec = {
  name: 'verify',
  summary: 'post-publish checklist: catalog rows, files and sizes, mirror, journal, leftovers (--urls: public URLs); exit 1 on a problem',
  synopsis: 'proofsheet verify [--run R | --since DATE] [--urls]',
  options: { run: { type: 'string' }, since: { type: 'string' }, urls: { type: 'boolean' } },
  async run(ctx) {
    const loaded = ctx.loadConfig();
    const scope = readScope(ctx);
    const checks = await withQueueDatabase(ctx, async (db, paths) => {
      const target = openTarget(loaded.config, loaded.secrets, paths, db);
      try {
        const records = listPublishedRowRecords(db, scope);
        const rows = await verifyPublishedRows({
          db, records, target, publicUrlBase: loaded.config.publish.publicUrlBase, ...(ctx.options.urls === true ? { checkUrls: (urls: readonly string[]) => checkUrls(urls, { concurrency: 4, timeoutMs: 10_000 }) } : {}),
        });
        return [...rows, ...(await findLeftovers(db, paths))];
      } finally {
        await target.close();
      }
    });
    return report(ctx, checks);
  },
};

function readScope(ctx: CommandContext): VerifyScope {
  const run = typeof ctx.options.run === 'string' ? ctx.options.run : undefined;
  const since = typeof ctx.options.since === 'string' ? ctx.options.since : undefined;
  if (run !== undefined && since !== undefined) throw new ProofsheetError('USAGE', '--run and --since cannot be combined', { details: { command: 'verify' } });
  if (since !== undefined && Number.isNaN(Date.parse(since))) throw new ProofsheetError('USAGE', `--since must be a date (YYYY-MM-DD or an ISO timestamp), got "${since}"`, { details: { command: 'verify' } });
  return { ...(run !== undefined ? { runId: run } : {}), ...(since !== undefined ? { since: new Date(since).toISOString() } : {}) };
}

function openTarget(config: ResolvedConfig, secrets: Secrets, paths: ProjectPaths, db: SqliteDatabase): VerifyTarget {
  if (config.publish.destination === 'local') return createLocalVerifyTarget({ siteDir: toSiteDir(paths), db });
  const missing = findMissingRemoteSettings(config);
  if (missing.length > 0) throw new ProofsheetError('CONFIG_INVALID', `publish.destination "remote" needs ${missing.join(', ')}`, { details: { path: missing[0], missing } });
  const client = openCatalogClient(config, secrets);
  const target = createRemoteVerifyTarget({ ftp: toFtpConnection(config, secrets), remoteBase: config.publish.ftp.remoteBase, client, table: config.publish.mysql.table });
  return { ...target, close: async () => { await target.close(); await client.close(); } };
}

/** Staged copies and derivatives no row references (`planClean`), and publish work folders of rows that will never publish. */
async function findLeftovers(db: SqliteDatabase, paths: ProjectPaths): Promise<VerifyCheck[]> {
  const found: VerifyCheck[] = (await planClean(db, paths)).items.map((item) => ({
    name: 'leftover_file', ok: false, row_id: null, File_Name: null, evidence: `${item.kind} ${item.path} (${item.reason})`, fix: 'proofsheet clean',
  }));
  const workDir = toPublishWorkDir(paths);
  for (const name of await readdir(workDir).catch(() => [] as string[])) {
    const dir = path.join(workDir, name);
    if (!(await stat(dir).catch(() => null))?.isDirectory()) continue;
    const id = /^\d+$/.test(name) ? Number(name) : null;
    const row = id === null ? null : getRow(db, id);
    const live = row !== null && (row.Review_Status === 'Approved' || row.Review_Status === 'Published' || listPublishJobs(db, row.id).some((j) => j.status !== 'done' && j.status !== 'cancelled'));
    if (!live) found.push({ name: 'leftover_file', ok: false, row_id: row?.id ?? null, File_Name: row?.File_Name ?? null, evidence: `publish work folder ${dir} belongs to no row that is Approved or Published`, fix: `remove ${dir} by hand` });
  }
  // Files a failed publish put on the destination and could not withdraw (journaled by the publisher).
  for (const job of listPublishJobs(db).filter((j) => j.status === 'failed' || j.status === 'pending' || j.status === 'running')) {
    const files = Array.isArray(job.payload.leftover_files) ? (job.payload.leftover_files as string[]) : [];
    for (const file of files) {
      found.push({ name: 'leftover_file', ok: false, row_id: job.row_id, File_Name: job.File_Name, evidence: `${file} on the destination from publish job ${job.id} (${job.last_error_code ?? 'unfinished'}), not published`, fix: `proofsheet publish --row ${job.row_id} (removes it and publishes the row)` });
    }
  }
  if (found.length === 0) found.push({ name: 'leftover_files', ok: true, row_id: null, File_Name: null, evidence: 'no staged, prepared or temporary file that no row references', fix: null });
  return found;
}

function report(ctx: CommandContext, checks: readonly VerifyCheck[]): ExitCode {
  for (const check of checks) {
    const where = check.row_id === null ? '' : ` row ${check.row_id}${check.File_Name ? ` ${check.File_Name}` : ''}`;
    ctx.say(`${check.ok ? 'ok     ' : 'PROBLEM'}  ${check.name}${where}: ${check.evidence}${check.fix ? `\n         fix: ${check.fix}` : ''}`);
  }
  const problems = checks.filter((c) => !c.ok).length;
  ctx.say(problems === 0 ? `All ${checks.length} checks hold.` : `${problems} problem(s) in ${checks.length} checks.`);
  ctx.emit({ ok: problems === 0, checks });
  return problems === 0 ? EXIT.ok : EXIT.rowsFailed;
}
