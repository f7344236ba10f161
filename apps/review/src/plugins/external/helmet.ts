import helmet, { type FastifyHelmetOptions } from '@fastify/helmet';

/**
 * Security headers on every response. The API and the (later) client are served by this server
 * only: everything same-origin, no inline script or style, no framing, no referrer (the first URL
 * carries the access token).
 */
export const autoConfig: FastifyHelmetOptions = {
  contentSecurityPolicy: {
    useDefaults: false,
    directives: {
      defaultSrc: ["'none'"],
      scriptSrc: ["'self'"],
      styleSrc: ["'self'"],
      imgSrc: ["'self'", 'blob:', 'data:'],
      connectSrc: ["'self'"],
      fontSrc: ["'self'"],
      manifestSrc: ["'self'"],
      baseUri: ["'none'"],
      formAction: ["'self'"],
      frameAncestors: ["'none'"],
      objectSrc: ["'none'"],
    },
  },
  referrerPolicy: { policy: 'no-referrer' },
  crossOriginResourcePolicy: { policy: 'same-origin' },
  // Plain http on loopback: HSTS would pin a scheme this server does not speak.
  strictTransportSecurity: false,
};

export default helmet;
