import cookie, { type FastifyCookieOptions } from '@fastify/cookie';

/** Cookie parsing: the session cookie and the CSRF secret. Nothing is signed (both are random server-side values). */
export const autoConfig: FastifyCookieOptions = { parseOptions: { httpOnly: true, sameSite: 'strict', path: '/' } };

export default cookie;
