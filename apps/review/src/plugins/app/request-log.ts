import type { FastifyInstance } from 'fastify';

/**
 * One `logs/review.log` line per request: request id, method, route pattern (never the raw URL,
 * which may carry the access token), status and latency.
 */
export function registerRequestLog(app: FastifyInstance): void {
  app.addHook('onResponse', async (request, reply) => {
    const fields = { req_id: request.id, method: request.method, route: request.routeOptions.url ?? '(no route)', status: reply.statusCode, duration_ms: Math.round(reply.elapsedTime * 10) / 10 };
    if (reply.statusCode >= 500) app.review.log.warn(fields, 'request');
    else app.review.log.info(fields, 'request');
  });
}
