import { Type } from 'typebox';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { ErrorReply, NoQuery } from '../../schemas/common.js';

const SinkHealth = Type.Object({ name: Type.String(), required: Type.Boolean(), alive: Type.Boolean(), errors: Type.Integer() });

/** `GET /api/health`: no token needed; the version and the health of the log sinks, nothing else. */
export async function healthRoutes(app: FastifyInstance): Promise<void> {
  const api = app.withTypeProvider<TypeBoxTypeProvider>();
  api.get('/api/health', {
    config: { auth: 'public' },
    schema: { querystring: NoQuery, response: { 200: Type.Object({ ok: Type.Boolean(), version: Type.String(), sinks: Type.Array(SinkHealth) }), 403: ErrorReply, 500: ErrorReply } },
  }, async () => {
    const sinks = app.review.sinkHealth().map((s) => ({ name: s.name, required: s.required, alive: s.alive, errors: s.errors }));
    return { ok: sinks.every((s) => s.alive || !s.required), version: app.review.version, sinks };
  });
}
