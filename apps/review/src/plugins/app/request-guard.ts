import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { SESSION_COOKIE } from '../../server/access-control.js';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** How a request proved it may use the API. */
export type RequestAuth = 'bearer' | 'cookie' | null;

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by the guard: how this request authenticated. */
    auth: RequestAuth;
  }
}

function readBearer(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  const match = typeof header === 'string' ? /^Bearer ([A-Za-z0-9_-]{1,200})$/.exec(header) : null;
  return match?.[1];
}

/** Which credential the request carries, if a valid one. */
export function readRequestAuth(app: FastifyInstance, request: FastifyRequest): RequestAuth {
  if (app.review.access.isToken(readBearer(request))) return 'bearer';
  if (app.review.access.isSession(request.cookies[SESSION_COOKIE])) return 'cookie';
  return null;
}

/**
 * The guard in front of every route (404s included): the `Host` must be this server (DNS
 * rebinding); every route but `auth: 'public'` ones needs the token (bearer) or the session cookie;
 * a state-changing request must come from this server's origin (a foreign `Origin` is refused
 * always, a missing one for cookie requests), and a cookie request must carry the CSRF token.
 * Bearer requests need no CSRF token: a browser cannot attach the header cross-site.
 */
export async function registerRequestGuard(app: FastifyInstance): Promise<void> {
  app.decorateRequest('auth', null);
  app.addHook('onRequest', async (request, reply) => {
    const { access } = app.review;
    if (access.hosts !== null && !access.hosts.has(request.headers.host ?? '')) {
      throw app.httpErrors.createError(403, 'the Host header does not name this server', { code: 'HOST_REJECTED', hint: `open the review page at ${[...access.origins][0] ?? ''}` });
    }
    request.auth = readRequestAuth(app, request);
    const mode = request.routeOptions.config.auth;
    if (mode === 'public' || mode === 'exchange') return;
    if (request.auth === null) throw app.httpErrors.createError(401, 'an access token is required', { code: 'UNAUTHORIZED' });
    if (SAFE_METHODS.has(request.method)) return;
    checkOrigin(app, request);
    if (request.auth === 'cookie' && !passesCsrf(app, request, reply)) return reply;
    return undefined;
  });
}

function checkOrigin(app: FastifyInstance, request: FastifyRequest): void {
  const origin = request.headers.origin;
  const { access } = app.review;
  const allowed = access.hosts === null ? new Set([`http://${request.headers.host ?? ''}`]) : access.origins;
  if (origin === undefined && request.auth === 'bearer') return;
  if (origin === undefined || !allowed.has(origin)) {
    throw app.httpErrors.createError(403, origin === undefined ? 'a state-changing request needs an Origin header' : 'requests from another origin are refused', {
      code: 'ORIGIN_REJECTED',
      hint: 'send the request from the review page itself',
    });
  }
}

/** The plugin's check is synchronous: it either calls `done` or has already sent a 403 through the error handler. */
function passesCsrf(app: FastifyInstance, request: FastifyRequest, reply: FastifyReply): boolean {
  let passed = false;
  app.csrfProtection(request, reply, () => {
    passed = true;
  });
  return passed;
}
