import { listKeywordUses } from '@proofsheet/queue';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { withErrors } from '../../schemas/common.js';
import { KeywordsQuery, KeywordsReply } from '../../schemas/keywords.js';

/** Keyword completion for the editor (docs/api.md): keywords already used on rows, most used first. */
export async function keywordRoutes(app: FastifyInstance): Promise<void> {
  const api = app.withTypeProvider<TypeBoxTypeProvider>();
  const { db } = app.review;
  api.get('/api/keywords', { schema: { querystring: KeywordsQuery, response: withErrors({ 200: KeywordsReply }) } }, async (request) => {
    const prefix = request.query.prefix ?? '';
    return { prefix, keywords: listKeywordUses(db, { prefix, limit: request.query.limit ?? 20 }) };
  });
}
