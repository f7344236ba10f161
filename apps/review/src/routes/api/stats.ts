import { readReviewStats } from '@proofsheet/queue';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { withErrors } from '../../schemas/common.js';
import { StatsQuery, StatsReply } from '../../schemas/stats.js';

/** Review statistics (docs/api.md): decisions per hour, time per row, AI text accepted unedited. */
export async function statsRoutes(app: FastifyInstance): Promise<void> {
  const api = app.withTypeProvider<TypeBoxTypeProvider>();
  const { db } = app.review;
  api.get('/api/stats', { schema: { querystring: StatsQuery, response: withErrors({ 200: StatsReply }) } }, async (request) => {
    const { since } = request.query;
    if (since === undefined) return readReviewStats(db);
    // A date alone is midnight UTC; a date-time without an offset is UTC too.
    const parsed = Date.parse(/[T ][0-9:.]+$/.test(since) ? `${since.replace(' ', 'T')}Z` : since);
    if (Number.isNaN(parsed)) throw app.httpErrors.createError(400, `since: ${since} is not a date`, { code: 'VALIDATION_FAILED', hint: 'send an ISO date such as 2026-12-03 or 2026-12-03T09:00:00Z' });
    return readReviewStats(db, { since: new Date(parsed).toISOString() });
  });
}
