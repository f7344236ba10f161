import csrf, { type FastifyCsrfProtectionOptions } from '@fastify/csrf-protection';
import { CSRF_HEADER } from '../../server/access-control.js';

/**
 * CSRF tokens for browser requests (cookie sessions): the secret lives in an HttpOnly, SameSite=Strict
 * cookie; the page reads the token from `GET /api/session` and sends it in `X-CSRF-Token`.
 */
export const autoConfig: FastifyCsrfProtectionOptions = {
  cookieKey: 'proofsheet_csrf',
  cookieOpts: { path: '/', httpOnly: true, sameSite: 'strict', signed: false },
  getToken: (request) => {
    const value = request.headers[CSRF_HEADER];
    return typeof value === 'string' ? value : undefined;
  },
};

export default csrf;
