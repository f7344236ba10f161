/**
 * @proofsheet/review — the review server (SPEC §10): a Fastify JSON API over the queue, guarded by
 * an access token, a session cookie, CSRF and Origin checks. Start it with {@link createReviewServer}.
 */
export { createReviewServer, type ReviewServer, type ReviewServerOptions } from './server/create-review-server.js';
export { buildReviewApp, type RouteEntry } from './server/build-app.js';
export { SESSION_COOKIE, CSRF_HEADER } from './server/access-control.js';
export type { CliCommand } from './server/run-launcher.js';
export type { ReviewContext } from './server/review-context.js';
// The API's shapes, for the client and for scripts (the route schemas are their one source).
export { ErrorReply } from './schemas/common.js';
export {
  RowListQuery, RowListReply, RowListItem, RowDetailReply, RowPatchBody, RowPatchReply, DecisionBody, DecisionReply, BulkDecisionBody, BulkDecisionReply, GenerateReply,
} from './routes/api/rows/schemas.js';
