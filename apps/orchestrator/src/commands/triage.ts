import fs from 'node:fs';
import path from 'node:path';
import { ProofsheetError } from '@proofsheet/core';
import os from 'node:os';
import { redactText } from '@proofsheet/core';
import { toIncidentMarkdown, toTriageLogFiles, triageLogFiles, type LogTriage } from '@proofsheet/log';
import { countRunRows, findRowByFileName, getRun, listRuns, type RunImpact, type RunRecord, type SqliteDatabase } from '@proofsheet/queue';
import type { CommandContext, CommandSpec } from '../cli/command.js';
import { EXIT } from '../cli/exit-codes.js';
import { readSecretValues } from '../config/secret-values.js';
import { VERSION } from '../version.js';
import { withQueueDatabase } from './_queue-db.js';

/** `triage --json` (SPEC §13: the structure of §8). */
export interface TriageReport extends LogTriage {
  readonly run_id: string;
  readonly status: string;
  readonly log_files: readonly string[];
  readonly impact: RunImpact;
  /** The incident report written with `--report`, else absent. */
  readonly report_file?: string;
  /** The error the run ended on, as recorded on its row (present even when its log could not be written), else null. */
  readonly run_error: { readonly code: string; readonly message: string | null } | null;
  /** With `--publish`: the row behind the first failing `File_Name`, and its decision in the queue now. */
  readonly publish_row?: PublishRow | null;
}

type PublishRow = { readonly id: number; readonly File_Name: string; readonly Review_Status: string; readonly error_code: string | null };

/** The first failing publish row, cross-checked against the queue: is it still Approved, already Published, or gone? */
function crossCheckPublish(db: SqliteDatabase, triage: LogTriage): PublishRow | null {
  const failing = triage.first_fatal?.file_name ?? triage.errors.find((e) => e.stage === 'publish' && e.file_names.length > 0)?.file_names[0] ?? null;
  return failing === null ? null : findRowByFileName(db, failing);
}

/** Host facts from the run's own trace: the execution provider line and the caption hosts. */
function readHostFacts(files: readonly string[]): Record<string, string> {
  const trace = files.find((f) => f.endsWith('trace.jsonl'));
  const facts: Record<string, string> = { platform: `${os.platform()} ${os.release()} ${os.arch()}`, cpus: String(os.cpus().length) };
  if (!trace) return facts;
  const text = fs.readFileSync(trace, 'utf8').slice(0, 2_000_000);
  const provider = /"msg":"(quality: provider=[^"]+)"/.exec(text)?.[1];
  const ollama = /"msg":"(Ollama startup check: [^"]+)"/.exec(text)?.[1];
  if (provider) facts.quality = provider;
  if (ollama) facts.ollama = ollama;
  return facts;
}

/** Writes the incident report under logs/incidents/ (secrets masked once more, whatever the logs held). */
function writeIncidentReport(ctx: CommandContext, logsDir: string, run: RunRecord, report: TriageReport): string {
  const generatedAt = new Date();
  const markdown = toIncidentMarkdown(report, {
    runId: run.id,
    status: run.status,
    generatedAt,
    versions: { proofsheet: VERSION, node: process.version },
    config: run.config,
    host: readHostFacts(report.log_files),
    impact: report.impact,
    logFiles: report.log_files,
  });
  const dir = path.join(logsDir, 'incidents');
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${run.id}-${generatedAt.toISOString().replace(/[:.]/g, '-')}.md`);
  fs.writeFileSync(file, redactText(markdown, readSecretValues(ctx.env)));
  return file;
}

/** Stands for "no pipeline run, publish.log only" (`triage --publish` in a project without runs). */
const PUBLISH_ONLY = { id: 'publish', status: 'publish', config: null } as unknown as RunRecord;
const NO_IMPACT: RunImpact = { rows: 0, review_status: {}, qc_status: {} };

function pickRun(ctx: CommandContext, runs: () => RunRecord[], byId: (id: string) => RunRecord | null): RunRecord {
  const wanted = ctx.positionals[0];
  if (wanted !== undefined) {
    const run = byId(wanted);
    if (!run) throw new ProofsheetError('RUN_NOT_FOUND', `no run ${wanted}; "proofsheet status" lists the recent runs`, { details: { run_id: wanted } });
    return run;
  }
  const latest = runs()[0];
  if (!latest) throw new ProofsheetError('RUN_NOT_FOUND', 'no run yet: nothing to triage', { details: {} });
  return latest;
}

function say(ctx: CommandContext, report: TriageReport): void {
  const runError = report.run_error;
  if (runError && report.errors.length === 0) {
    // Nothing in the logs (the run may have written none): the error recorded on the run is the answer.
    ctx.say(`run ${report.run_id} (${report.status}): ended on [${runError.code}] ${runError.message ?? ''}${report.log_files.length === 0 ? ' (the run wrote no log)' : ''}`);
  } else ctx.say(`run ${report.run_id} (${report.status}): ${report.error_summary}`);
  if (report.publish_row) ctx.say(`first failing publish row: ${report.publish_row.id} ${report.publish_row.File_Name}, now ${report.publish_row.Review_Status}${report.publish_row.error_code ? ` (${report.publish_row.error_code})` : ''}`);
  if (report.first_fatal) {
    const f = report.first_fatal;
    ctx.say(`first: ${path.basename(f.source)}:${f.line}${f.timestamp ? ` at ${f.timestamp}` : ''}${f.stage ? ` stage ${f.stage}` : ''}${f.row_id !== null ? ` row ${f.row_id}` : ''}${f.file_name ? ` ${f.file_name}` : ''}`);
    ctx.say(`  ${f.error_code ? `[${f.error_code}] ` : ''}${f.message}`);
  }
  if (report.analysis) {
    ctx.say(`analysis: ${report.analysis.error_type} — ${report.analysis.description}`);
    for (const suggestion of report.analysis.suggestions) ctx.say(`  fix: ${suggestion}`);
  }
  for (const e of report.errors) ctx.say(`  ${String(e.count).padStart(6)}×  ${(e.stage ?? '-').padEnd(9)} ${e.error_code ?? e.error_type}  ${e.message.slice(0, 140)}`);
  if (report.traceback) ctx.say(`stack: ${report.traceback.exception_type ?? '?'} at ${report.traceback.frames.slice(0, 3).map((fr) => `${fr.function ?? '?'} (${path.basename(fr.file ?? '?')}:${fr.line ?? '?'})`).join(' < ')}`);
  ctx.say(`impact: ${report.impact.rows} row(s) of this run: ${Object.entries(report.impact.review_status).map(([k, n]) => `${k} ${n}`).join(', ') || 'none'}`);
}

/**
 * `proofsheet triage [<run_id>] [--publish] [--json]`: from a run (default: the latest) to its
 * cause — the run's trace (and `logs/crash.log` when it failed, `logs/publish.log` with
 * `--publish`) parsed, deduplicated and classified, with the rows it affected from the queue;
 * `--report` also writes a Markdown incident report under `logs/incidents/`.
 * Exit 0 when there is nothing to report, 1 when errors were found.
 */
export const triageCommand: CommandSpec = {
  name: 'triage',
  summary: 'structured errors of a run: first fatal error, deduplicated errors, cause and fix',
  synopsis: 'proofsheet triage [<run_id>] [--publish] [--report]',
  options: { publish: { type: 'boolean' }, report: { type: 'boolean' } },
  maxPositionals: 1,
  async run(ctx) {
    return withQueueDatabase(ctx, async (db, paths) => {
      // `--publish` alone works in a project that never ran the pipeline (rows published from elsewhere): publish.log only.
      const publishOnly = ctx.options.publish === true && ctx.positionals.length === 0 && listRuns(db, { limit: 1 }).length === 0;
      const run = publishOnly ? PUBLISH_ONLY : pickRun(ctx, () => listRuns(db, { limit: 1 }), (id) => getRun(db, id));
      const files = toTriageLogFiles(paths.logs, run, { publish: ctx.options.publish === true });
      const triage = await triageLogFiles(files);
      const runError = publishOnly || run.error_code === null ? null : { code: run.error_code, message: run.error_message };
      let report: TriageReport = { run_id: run.id, status: run.status, log_files: files, ...triage, run_error: runError, impact: publishOnly ? NO_IMPACT : countRunRows(db, run.id) };
      if (ctx.options.publish === true) report = { ...report, publish_row: crossCheckPublish(db, triage) };
      if (ctx.options.report === true) report = { ...report, report_file: writeIncidentReport(ctx, paths.logs, run, report) };
      say(ctx, report);
      if (report.report_file) ctx.say(`incident report: ${report.report_file}`);
      ctx.emit(report);
      return triage.errors.length === 0 && runError === null ? EXIT.ok : EXIT.rowsFailed;
    });
  },
};
