import Fastify, { type FastifyInstance } from 'fastify';
import cookie, { autoConfig as cookieConfig } from '../plugins/external/cookie.js';
import csrf, { autoConfig as csrfConfig } from '../plugins/external/csrf.js';
import helmet, { autoConfig as helmetConfig } from '../plugins/external/helmet.js';
import sensible, { autoConfig as sensibleConfig } from '../plugins/external/sensible.js';
import clientFiles, { autoConfig as clientFilesConfig } from '../plugins/external/static.js';
import { registerErrorHandler } from '../plugins/app/error-handler.js';
import { JSON_BODY_LIMIT, registerJsonBody } from '../plugins/app/json-body.js';
import { registerRequestGuard } from '../plugins/app/request-guard.js';
import { registerRequestLog } from '../plugins/app/request-log.js';
import { healthRoutes } from '../routes/api/health.js';
import { imageRoutes } from '../routes/api/images.js';
import { publishRoutes } from '../routes/api/publish.js';
import { rowRoutes } from '../routes/api/rows/index.js';
import { runRoutes } from '../routes/api/runs/index.js';
import { keywordRoutes } from '../routes/api/keywords.js';
import { setRoutes } from '../routes/api/sets.js';
import { statsRoutes } from '../routes/api/stats.js';
import { assetRoutes } from '../routes/assets.js';
import { sessionRoutes } from '../routes/session.js';
import type { ReviewContext } from './review-context.js';

/** A registered route, as the security suite enumerates them. */
export interface RouteEntry {
  readonly method: string;
  readonly url: string;
  readonly auth: 'public' | 'exchange' | 'token';
  /** Which parts of the request the route's schema declares, and the response statuses it declares. */
  readonly schema: { readonly params: boolean; readonly querystring: boolean; readonly body: boolean; readonly responses: readonly number[] };
}

/**
 * Builds the review server's Fastify instance (not listening): third-party plugins, the guard, the
 * error shape, JSON parsing, request logging and every route. `routes` lists what was registered.
 */
export async function buildReviewApp(review: ReviewContext): Promise<{ app: FastifyInstance; routes: RouteEntry[] }> {
  const app = Fastify({
    logger: false,
    bodyLimit: JSON_BODY_LIMIT,
    return503OnClosing: true,
    // Closing ends every connection, also one whose client stopped reading an image.
    forceCloseConnections: true,
    requestIdHeader: false,
    ajv: { customOptions: { removeAdditional: false, coerceTypes: 'array', allErrors: false } },
  });
  const routes: RouteEntry[] = [];
  app.addHook('onRoute', (route) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    const schema = route.schema ?? {};
    const declared = { params: schema.params !== undefined, querystring: schema.querystring !== undefined, body: schema.body !== undefined, responses: Object.keys(schema.response ?? {}).map(Number) };
    for (const method of methods) if (method !== 'HEAD') routes.push({ method, url: route.url, auth: route.config?.auth ?? 'token', schema: declared });
  });
  app.decorate('review', review);
  await app.register(helmet, helmetConfig);
  await app.register(cookie, cookieConfig);
  await app.register(csrf, csrfConfig);
  await app.register(sensible, sensibleConfig);
  registerErrorHandler(app);
  registerJsonBody(app);
  await registerRequestGuard(app);
  registerRequestLog(app);
  await app.register(sessionRoutes);
  await app.register(clientFiles, clientFilesConfig);
  await app.register(assetRoutes);
  await app.register(healthRoutes);
  await app.register(rowRoutes);
  await app.register(imageRoutes);
  await app.register(setRoutes);
  await app.register(runRoutes);
  await app.register(publishRoutes);
  await app.register(statsRoutes);
  await app.register(keywordRoutes);
  await app.ready();
  return { app, routes };
}
