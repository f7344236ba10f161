/**
 * @proofsheet/review — the review server (SPEC §10): a Fastify JSON API over the queue, guarded by
 * an access token, a session cookie, CSRF and Origin checks. Start it with {@link createReviewServer}.
 */
export { createReviewServer, type ReviewServer, type ReviewServerOptions } from './server/create-review-server.js';
export { buildReviewApp, type RouteEntry } from './server/build-app.js';
export { SESSION_COOKIE, CSRF_HEADER } from './server/access-control.js';
export type { CliCommand } from './server/run-launcher.js';
export type { ReviewContext } from './server/review-context.js';
