import path from 'node:path';
import { ProofsheetError, redactText } from '@proofsheet/core';
import { readRunLogTail, resolveRunId, toIncidentMarkdown, toTriageLogFiles, triageLogFiles, type LogTriage } from '@proofsheet/log';
import { assertNoLiveRun, countRunRows, findInterruptedRuns, listRuns, requireRun, type RunRecord } from '@proofsheet/queue';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type, type Static } from 'typebox';
import { withErrors, NoQuery, EmptyBody } from '../../../schemas/common.js';
import { followRunTrace } from './run-events.js';
import { readRunStages } from './run-stages.js';
import { RunErrorsReply, RunJson, StartBody, Started } from '../../../schemas/runs.js';


const RunIdParams = Type.Object({ id: Type.String({ pattern: '^run_[0-9]{8}_[0-9]{6}_[a-z]+(_[0-9]+)?$', maxLength: 64 }) }, { additionalProperties: false });

function toRunJson(run: RunRecord, logsDir: string, interrupted: ReadonlySet<string>): Static<typeof RunJson> {
  return {
    id: run.id, trigger: run.trigger, status: run.status, started_at: run.started_at, ended_at: run.ended_at, set_ids: run.set_ids, counts: run.counts,
    stage_results: run.stage_results, log_dir: run.log_dir, interrupted: interrupted.has(run.id), stages: readRunStages(logsDir, run.id),
  };
}

/**
 * Runs: list with per-stage results, log tail, and starting `proofsheet run` / `resume` as a child
 * process (202: the batch runs on; its progress is in the runs list and its log).
 */
export async function runRoutes(app: FastifyInstance): Promise<void> {
  const api = app.withTypeProvider<TypeBoxTypeProvider>();
  const { db, paths, runs } = app.review;
  api.get('/api/runs', {
    schema: { querystring: Type.Object({ limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 50 })) }, { additionalProperties: false }), response: withErrors({ 200: Type.Array(RunJson) }) },
  }, async (request) => {
    const interrupted = new Set(findInterruptedRuns(db).map((run) => run.id));
    return listRuns(db, { limit: request.query.limit ?? 50 }).map((run) => toRunJson(run, paths.logs, interrupted));
  });

  api.get('/api/runs/:id/log', {
    schema: {
      params: RunIdParams,
      querystring: Type.Object({ lines: Type.Optional(Type.Integer({ minimum: 1, maximum: 5000, default: 200 })) }, { additionalProperties: false }),
      response: withErrors({ 200: Type.Object({ run_id: Type.String(), lines: Type.Array(Type.String()) }) }, 404),
    },
  }, async (request) => {
    const { id } = request.params;
    requireRun(db, id);
    const runId = resolveRunId(paths.logs, id);
    return { run_id: runId, lines: readRunLogTail(paths.logs, runId, request.query.lines ?? 200) };
  });

  api.post('/api/runs', { schema: { querystring: NoQuery, body: StartBody, response: withErrors({ 202: Started }, 409, 413, 415) } }, async (request, reply) => {
    const { body } = request;
    const interrupted = findInterruptedRuns(db);
    if (interrupted.length > 0) throw new ProofsheetError('RUN_INTERRUPTED_EXISTS', `run ${interrupted[0]?.id ?? ''} was interrupted; resume it before starting another`);
    assertNoLiveRun(db);
    const args = ['run', ...(body.sets ?? []).flatMap((id) => ['--set', String(id)]), ...(body.caption === false ? ['--no-caption'] : [])];
    const batch = runs.start(args);
    return reply.status(202).send({ pid: batch.pid, args: [...batch.args] });
  });

  api.post('/api/runs/resume', { schema: { querystring: NoQuery, body: EmptyBody, response: withErrors({ 202: Started }, 409) } }, async (_request, reply) => {
    assertNoLiveRun(db);
    const batch = runs.start(['resume']);
    return reply.status(202).send({ pid: batch.pid, args: [...batch.args] });
  });

  api.get('/api/runs/:id/events', { schema: { querystring: NoQuery, params: RunIdParams, response: withErrors({ 200: Type.String({ description: 'text/event-stream of trace events' }) }, 404) } }, async (request, reply) => {
    const { id } = request.params;
    requireRun(db, id);
    reply.hijack();
    const headers = Object.fromEntries(Object.entries(reply.getHeaders()).filter((entry): entry is [string, string | number | string[]] => entry[1] !== undefined));
    reply.raw.writeHead(200, { ...headers, 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-store', connection: 'keep-alive' });
    const stop = new AbortController();
    reply.raw.on('close', () => stop.abort());
    await followRunTrace(paths.logs, id, (event) => reply.raw.write(`event: trace\ndata: ${JSON.stringify(event)}\n\n`), {
      pollMs: 250,
      // A run left `running` by a dead process is over too (resume continues it under a new id).
      isRunning: () => requireRun(db, id).status === 'running' && !findInterruptedRuns(db).some((run) => run.id === id),
      signal: stop.signal,
    });
    reply.raw.end('event: end\ndata: {}\n\n');
  });

  api.get('/api/runs/:id/errors', {
    schema: { querystring: NoQuery, params: RunIdParams, response: withErrors({ 200: RunErrorsReply }, 404) },
  }, async (request) => {
    const run = requireRun(db, request.params.id);
    const { files, triage } = await triageRun(run);
    return { run_id: run.id, status: run.status, log_files: files.map((file) => path.relative(paths.root, file)), impact: countRunRows(db, run.id), ...triage };
  });

  api.get('/api/runs/:id/report', {
    schema: { querystring: NoQuery, params: RunIdParams, response: withErrors({ 200: Type.String({ description: 'text/markdown: the incident report of `proofsheet triage --report`' }) }, 404) },
  }, async (request, reply) => {
    const run = requireRun(db, request.params.id);
    const { files, triage } = await triageRun(run);
    const logFiles = files.map((file) => path.relative(paths.root, file));
    const markdown = toIncidentMarkdown(triage, {
      runId: run.id, status: run.status, generatedAt: new Date(), versions: { proofsheet: app.review.version, node: process.version }, config: run.config,
      host: { platform: `${process.platform} ${process.arch}` }, impact: countRunRows(db, run.id), logFiles,
    });
    return reply.type('text/markdown; charset=utf-8').send(redactText(markdown));
  });

  /** As `proofsheet triage`: the run's trace, and the crash log when the run failed. */
  async function triageRun(run: RunRecord): Promise<{ files: string[]; triage: LogTriage }> {
    const files = toTriageLogFiles(paths.logs, run);
    return { files, triage: await triageLogFiles(files) };
  }
}
