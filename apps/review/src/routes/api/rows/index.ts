import { ProofsheetError, REVIEW_STATUSES, isErrorCode } from '@proofsheet/core';
import { countReviewRowsByStatus, decideRow, decideRows, editRowAtVersion, listReviewRows, requireRow, type ReviewRowQuery } from '@proofsheet/queue';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import type { Static } from 'typebox';
import { RowIdParams, withErrors, NoQuery, EmptyBody } from '../../../schemas/common.js';
import { checkRowPatch, toRowEdit } from './field-rules.js';
import { generateJson, generateStream, wantsEventStream } from './generate.js';
import { readRowDetail } from './row-detail.js';
import {
  BulkDecisionBody, BulkDecisionReply, RowCountsQuery, RowCountsReply, DecisionBody, DecisionReply, GenerateReply, RowDetailReply, RowFilterQuery, RowListQuery, RowListReply, RowPatchBody, RowPatchReply,
} from './schemas.js';

const OPERATOR = { kind: 'operator', name: 'review' } as const;

function toRowQuery(query: Static<typeof RowFilterQuery>): ReviewRowQuery {
  return {
    ...(query.status !== undefined ? { status: query.status } : {}),
    ...(query.qc !== undefined ? { qc: query.qc } : {}),
    ...(query.set !== undefined ? { setId: query.set } : {}),
    ...(query.run !== undefined ? { runId: query.run } : {}),
    ...(query.q !== undefined ? { text: query.q } : {}),
    ...(query.sort !== undefined ? { sort: query.sort } : {}),
  };
}

/** Rows: list, detail, edit and decisions (SPEC §10; docs/api.md). */
export async function rowRoutes(app: FastifyInstance): Promise<void> {
  const api = app.withTypeProvider<TypeBoxTypeProvider>();
  const { db } = app.review;

  api.get('/api/rows', { schema: { querystring: RowListQuery, response: withErrors({ 200: RowListReply }) } }, async (request) => {
    const query = request.query;
    const page = query.page ?? 1;
    const pageSize = query.pageSize ?? 100;
    const { total, rows } = listReviewRows(db, toRowQuery(query), { offset: (page - 1) * pageSize, limit: pageSize });
    return { total, page, pageSize, rows };
  });

  api.get('/api/rows/counts', { schema: { querystring: RowCountsQuery, response: withErrors({ 200: RowCountsReply }) } }, async (request) => {
    const { status: _status, sort: _sort, ...rest } = toRowQuery(request.query);
    const found = countReviewRowsByStatus(db, rest);
    const counts = Object.fromEntries(REVIEW_STATUSES.map((status) => [status, found[status] ?? 0]));
    return { total: Object.values(counts).reduce((sum, n) => sum + n, 0), counts };
  });

  api.get('/api/rows/:id', { schema: { params: RowIdParams, querystring: RowFilterQuery, response: withErrors({ 200: RowDetailReply }, 404) } }, async (request, reply) => {
    const id = Number(request.params.id);
    const detail = readRowDetail(db, id, toRowQuery(request.query), { copyright: app.review.config.publish.copyright });
    void reply.header('etag', `"v${detail.version}"`).header('cache-control', 'no-store');
    return detail;
  });

  api.patch('/api/rows/:id', { schema: { querystring: NoQuery, params: RowIdParams, body: RowPatchBody, response: withErrors({ 200: RowPatchReply }, 404, 409, 413, 415, 422) } }, async (request) => {
    const id = Number(request.params.id);
    const patch = request.body;
    const issues = checkRowPatch(requireRow(db, id), patch);
    if (issues.length > 0) {
      throw app.httpErrors.createError(422, issues.map((i) => `${i.field}: ${i.message}`).join('; '), { code: 'FIELD_INVALID', details: issues, hint: 'fix every field listed and save again' });
    }
    const outcome = editRowAtVersion(db, id, patch.version, toRowEdit(patch), OPERATOR);
    if (outcome.kind === 'conflict') {
      throw app.httpErrors.createError(409, `row ${id} changed since version ${patch.version} was read (now version ${outcome.version})`, {
        code: 'VERSION_CONFLICT',
        details: { version: outcome.version },
        hint: 'reload the row, re-apply your edit and save again',
      });
    }
    return { id, version: outcome.version, changed: [...outcome.changed], row: requireRow(db, id) as unknown as Record<string, unknown> };
  });

  api.post('/api/rows/:id/decision', { schema: { querystring: NoQuery, params: RowIdParams, body: DecisionBody, response: withErrors({ 200: DecisionReply }, 404, 409, 413, 415) } }, async (request) => {
    const id = Number(request.params.id);
    const result = decideRow(db, id, request.body.decision, OPERATOR);
    if (!result.ok) throw new ProofsheetError(isErrorCode(result.error_code) ? result.error_code : 'INTERNAL', result.message, { details: { row_id: id } });
    return { id: result.id, from: result.from, to: result.to, File_Name: result.File_Name };
  });

  api.post('/api/rows/decision', { schema: { querystring: NoQuery, body: BulkDecisionBody, response: withErrors({ 200: BulkDecisionReply }, 413, 415) } }, async (request) => {
    const body = request.body;
    const results = decideRows(db, body.ids, body.decision, OPERATOR);
    const failed = results.filter((r) => !r.ok).length;
    return { updated: results.length - failed, failed, results };
  });

  // JSON by default; `Accept: text/event-stream` gets the caption step's progress, then `done` or `error`.
  api.post('/api/rows/:id/generate', { schema: { querystring: NoQuery, body: EmptyBody, params: RowIdParams, response: withErrors({ 200: GenerateReply }, 404, 409, 422) } }, async (request, reply) => {
    const id = Number(request.params.id);
    if (wantsEventStream(request.headers.accept)) return generateStream(app, id, reply);
    return generateJson(app, id);
  });
}
