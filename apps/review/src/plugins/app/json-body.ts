import { isUtf8 } from 'node:buffer';
import type { FastifyInstance } from 'fastify';

/** Largest JSON body accepted (a row edit with the longest caption fits many times over). */
export const JSON_BODY_LIMIT = 256 * 1024;

/**
 * JSON bodies, parsed by Fastify's own (prototype-poisoning safe) parser after checking that the
 * bytes are UTF-8: invalid UTF-8 is refused (400 `INVALID_UTF8`) instead of being turned silently
 * into replacement characters. A POST or PATCH without a body is validated as an empty object.
 */
export function registerJsonBody(app: FastifyInstance): void {
  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'buffer', bodyLimit: JSON_BODY_LIMIT }, (request, body, done) => {
    const bytes = body as Buffer;
    if (!isUtf8(bytes)) {
      done(app.httpErrors.createError(400, 'the body is not valid UTF-8', { code: 'INVALID_UTF8', hint: 'send UTF-8 encoded JSON' }), undefined);
      return;
    }
    parseJson(request, bytes.toString('utf8'), done);
  });
  // A POST without a body is validated as `{}`: routes whose fields are all optional accept it, the others refuse it with their schema.
  app.addHook('preValidation', async (request) => {
    if (request.body === undefined && (request.method === 'POST' || request.method === 'PATCH')) request.body = {};
  });
}
