import { Type } from 'typebox';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { readClientIndex } from '../plugins/external/static.js';
import { SESSION_COOKIE } from '../server/access-control.js';
import { ErrorReply, withErrors, NoQuery } from '../schemas/common.js';

/**
 * `GET /?token=…` exchanges the printed access token for an HttpOnly, SameSite=Strict session cookie
 * and redirects to `/` (so the token leaves the address bar and history); `GET /` with the cookie
 * answers the review page (`apps/review/client`, built by `npm run build`). `GET /api/session`
 * gives the page its CSRF token.
 */
export async function sessionRoutes(app: FastifyInstance): Promise<void> {
  const api = app.withTypeProvider<TypeBoxTypeProvider>();
  api.get('/', {
    config: { auth: 'exchange' },
    schema: {
      querystring: Type.Object({ token: Type.Optional(Type.String({ maxLength: 200 })) }, { additionalProperties: false }),
      response: { 200: Type.String(), 303: Type.Null(), 401: ErrorReply, 400: ErrorReply, 403: ErrorReply },
    },
  }, async (request, reply) => {
    const { token } = request.query;
    if (token !== undefined) {
      if (!app.review.access.isToken(token)) throw app.httpErrors.createError(401, 'the access token is not valid (it changes each time "proofsheet review" starts)', { code: 'UNAUTHORIZED' });
      reply.setCookie(SESSION_COOKIE, app.review.access.openSession(), { httpOnly: true, sameSite: 'strict', path: '/' });
      reply.generateCsrf();
      return reply.redirect('/', 303);
    }
    if (request.auth !== 'cookie' && request.auth !== 'bearer') throw app.httpErrors.createError(401, 'an access token is required', { code: 'UNAUTHORIZED' });
    const page = readClientIndex();
    if (page === null) return reply.type('text/plain; charset=utf-8').send('Proofsheet review server. The review page is not built: run "npm run build", then reload. The API is described in docs/api.md.');
    return reply.type('text/html; charset=utf-8').header('cache-control', 'no-store').send(page);
  });

  api.get('/api/session', {
    schema: { querystring: NoQuery, response: withErrors({ 200: Type.Object({ csrfToken: Type.String(), auth: Type.Union([Type.Literal('bearer'), Type.Literal('cookie')]) }) }) },
  }, async (request, reply) => ({ csrfToken: reply.generateCsrf(), auth: request.auth === 'bearer' ? 'bearer' as const : 'cookie' as const }));
}
