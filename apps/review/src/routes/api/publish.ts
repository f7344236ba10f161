import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { withErrors, NoQuery } from '../../schemas/common.js';
import type { PublishEvent } from '../../server/publish-jobs.js';
import { PublishBody } from '../../schemas/publish.js';


function toSse(event: PublishEvent): string {
  return `event: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`;
}

/**
 * `POST /api/publish` starts `proofsheet publish` (approved rows, journaled, exactly once) as a
 * child process: 202, then follow it on `GET /api/publish/events` (server-sent events: `start`,
 * `progress` lines, the `summary` of SPEC §13, `end`). The events of the last publish are replayed
 * to a late listener; the stream ends after `end`.
 */
export async function publishRoutes(app: FastifyInstance): Promise<void> {
  const api = app.withTypeProvider<TypeBoxTypeProvider>();
  const { publish } = app.review;

  api.post('/api/publish', {
    schema: { querystring: NoQuery, body: PublishBody, response: withErrors({ 202: Type.Object({ pid: Type.Integer(), args: Type.Array(Type.String()) }) }, 409, 413, 415) },
  }, async (request, reply) => {
    const { body } = request;
    const args = [...(body.dryRun === true ? ['--dry-run'] : []), ...(body.rows ?? []).flatMap((id) => ['--row', String(id)])];
    const started = publish.start(args);
    return reply.status(202).send({ pid: started.pid, args: [...started.args] });
  });

  api.get('/api/publish/events', { schema: { querystring: NoQuery, response: withErrors({ 200: Type.String({ description: 'text/event-stream' }) }) } }, async (request, reply) => {
    reply.hijack();
    const headers = Object.fromEntries(Object.entries(reply.getHeaders()).filter((entry): entry is [string, string | number | string[]] => entry[1] !== undefined));
    reply.raw.writeHead(200, { ...headers, 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-store', connection: 'keep-alive' });
    for (const event of publish.history()) reply.raw.write(toSse(event));
    const done = publish.history().some((e) => e.type === 'end') || (!publish.running() && publish.history().length === 0);
    if (done) {
      reply.raw.end();
      return;
    }
    const unsubscribe = publish.subscribe((event) => {
      reply.raw.write(toSse(event));
      if (event.type === 'end') {
        unsubscribe();
        reply.raw.end();
      }
    });
    reply.raw.on('close', unsubscribe);
  });
}
