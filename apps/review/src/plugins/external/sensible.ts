import sensible from '@fastify/sensible';

/** `reply.notFound()`, `app.httpErrors.createError()`…: HTTP errors the error handler turns into our body. */
export const autoConfig = {};

export default sensible;
