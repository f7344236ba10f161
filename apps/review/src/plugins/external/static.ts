import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic, { type FastifyStaticOptions } from '@fastify/static';

/** Where the built review page lives: `apps/review/dist/client` (`npm run build`), the same from src/ and dist/. */
export const CLIENT_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'dist', 'client');

/** The page's `index.html`, or null when the client was not built. */
export function readClientIndex(): string | null {
  try {
    return fs.readFileSync(path.join(CLIENT_DIR, 'index.html'), 'utf8');
  } catch {
    return null;
  }
}

/**
 * Sending the page's bundled files (`reply.sendFile`: ETag, Last-Modified, ranges), rooted in
 * `dist/client/assets` and rejecting dotfiles. The plugin registers no route of its own
 * (`serve: false`): `GET /assets/:file` (routes/assets.ts) declares its schema like every route.
 */
export const autoConfig: FastifyStaticOptions = {
  root: path.join(CLIENT_DIR, 'assets'),
  serve: false,
  index: false,
  list: false,
  dotfiles: 'deny',
  decorateReply: true,
};

export default fastifyStatic;
