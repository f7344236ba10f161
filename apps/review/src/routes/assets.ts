import { Type } from 'typebox';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { NoQuery, withErrors } from '../schemas/common.js';

/** A bundled file's name as Vite writes it (`index-C1PdaqPd.js`): no folder, no dot-segment can be expressed. */
const AssetParams = Type.Object({ file: Type.String({ pattern: '^[A-Za-z0-9_-]{1,100}\\.(js|css|woff2|svg|png)$' }) }, { additionalProperties: false });

/**
 * `GET /assets/:file`: the review page's scripts and styles. Their names carry a content hash, so
 * they are cached for a year as immutable; source maps are never served.
 */
export async function assetRoutes(app: FastifyInstance): Promise<void> {
  const api = app.withTypeProvider<TypeBoxTypeProvider>();
  api.get('/assets/:file', {
    schema: { querystring: NoQuery, params: AssetParams, response: withErrors({ 200: Type.Unknown(), 304: Type.Null() }, 404) },
  }, async (request, reply) => reply.sendFile(request.params.file, { immutable: true, maxAge: '365d' }));
}
