import path from 'node:path';
import { validateNewSet } from '@proofsheet/pipeline';
import { createSet, listSets, type SetRecord } from '@proofsheet/queue';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type, type Static } from 'typebox';
import { withErrors, NoQuery } from '../../schemas/common.js';
import { NewSetBody, SetJson } from '../../schemas/sets.js';



/** `set list --json`'s shape (SPEC §13). */
function toSetJson(set: SetRecord): Static<typeof SetJson> {
  return { id: set.id, folder: set.folder, subject: set.subject, location: set.location, category: set.category, status: set.status, files: set.file_count };
}

/** Sets: list, and add (stage-1 checks first, every problem reported at once, nothing written when any fails). */
export async function setRoutes(app: FastifyInstance): Promise<void> {
  const api = app.withTypeProvider<TypeBoxTypeProvider>();
  const { db, config } = app.review;
  api.get('/api/sets', { schema: { querystring: NoQuery, response: withErrors({ 200: Type.Array(SetJson) }) } }, async () => listSets(db).map(toSetJson));

  api.post('/api/sets', {
    schema: { querystring: NoQuery, body: NewSetBody, response: withErrors({ 201: Type.Object({ set_id: Type.Integer(), files: Type.Integer(), other_files: Type.Integer(), preview_name: Type.Union([Type.String(), Type.Null()]) }) }, 413, 415, 422) },
  }, async (request, reply) => {
    const body = request.body;
    if (!path.isAbsolute(body.folder)) throw app.httpErrors.createError(422, 'folder must be an absolute path on this computer', { code: 'SET_INVALID', hint: 'give the full path of the folder' });
    const fields = { folder: path.resolve(body.folder), subject: body.subject.trim(), location: body.location.trim(), category: body.category.trim() };
    const check = await validateNewSet(fields, config.naming, new Date().getFullYear());
    const set = createSet(db, { ...fields, fileCount: check.imageCount });
    return reply.status(201).send({ set_id: set.id, files: set.file_count, other_files: check.otherFiles, preview_name: check.previewName });
  });
}
