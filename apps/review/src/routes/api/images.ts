import fs from 'node:fs';
import path from 'node:path';
import { requireRow } from '@proofsheet/queue';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { RowId, withErrors, NoQuery } from '../../schemas/common.js';

const ImageParams = Type.Object(
  { id: RowId, kind: Type.Union([Type.Literal('thumb'), Type.Literal('preview')]) },
  { additionalProperties: false },
);

/**
 * The derivative file of row `id`, only if it really lies inside the derived folder: the path is
 * built from the row id (never from the client), and resolved through symbolic links, so a link
 * planted under `data/derived/` cannot lead out of it. Null when missing or outside.
 */
function resolveDerivative(derivedDir: string, id: number, kind: 'thumb' | 'preview'): { file: string; stat: fs.Stats } | null {
  const candidate = path.join(derivedDir, String(id), `${kind}.jpg`);
  try {
    const real = fs.realpathSync(candidate);
    const base = fs.realpathSync(derivedDir);
    if (!real.startsWith(base + path.sep)) return null;
    const stat = fs.statSync(real);
    return stat.isFile() ? { file: real, stat } : null;
  } catch {
    return null;
  }
}

/** `GET /api/images/:id/thumb` and `/preview`: a row's derivatives, by row id only, with ETag and revalidation. */
export async function imageRoutes(app: FastifyInstance): Promise<void> {
  const api = app.withTypeProvider<TypeBoxTypeProvider>();
  api.get('/api/images/:id/:kind', {
    schema: { querystring: NoQuery, params: ImageParams, response: withErrors({ 200: Type.Unknown(), 304: Type.Null() }, 404) },
  }, async (request, reply) => {
    const params = request.params;
    const { kind } = params;
    const id = Number(params.id);
    requireRow(app.review.db, id);
    const found = resolveDerivative(app.review.paths.derived, id, kind);
    if (found === null) {
      throw app.httpErrors.createError(404, `row ${id} has no ${kind} image`, { code: 'IMAGE_NOT_FOUND', hint: 'derivatives are made by "proofsheet run" (stage 6); "proofsheet retry" remakes a failed one' });
    }
    const etag = `"${found.stat.size.toString(16)}-${Math.floor(found.stat.mtimeMs).toString(16)}"`;
    void reply.header('etag', etag).header('cache-control', 'private, no-cache').header('x-content-type-options', 'nosniff');
    if (request.headers['if-none-match'] === etag) return reply.status(304).send(null);
    return reply.type('image/jpeg').header('content-length', found.stat.size).send(fs.createReadStream(found.file));
  });
}
