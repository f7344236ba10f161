import type { FastifyInstance } from 'fastify';
import { toErrorReply } from '../../http/error-reply.js';

/**
 * Every error becomes `{"error": {"code", "message", "hint"}}` with its status ({@link toErrorReply});
 * server errors are logged with their stack (to `logs/review.log`, never to the client). Unknown
 * routes answer 404 `NOT_FOUND` in the same shape.
 */
export function registerErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((error, request, reply) => {
    const { status, body } = toErrorReply(error);
    if (status >= 500) app.review.log.error({ req_id: request.id, route: request.routeOptions.url ?? null, err: error }, 'request failed');
    return reply.status(status).type('application/json; charset=utf-8').send(body);
  });
  app.setNotFoundHandler((request, reply) => {
    const { status, body } = toErrorReply(app.httpErrors.notFound(`no route ${request.method} ${request.url.split('?')[0] ?? ''}`));
    return reply.status(status).send(body);
  });
}
