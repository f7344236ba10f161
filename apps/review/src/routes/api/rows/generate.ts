import { ProofsheetError } from '@proofsheet/core';
import { recaptionRow, type CaptionProgress, type RecaptionOutcome } from '@proofsheet/pipeline';
import { requireRow, type SqliteDatabase } from '@proofsheet/queue';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Static } from 'typebox';
import { toErrorReply } from '../../../http/error-reply.js';
import type { GenerateProgress, GenerateReply } from './schemas.js';

/** Milliseconds between `: keep-alive` comments while the model works (keeps proxies and idle timers from closing the stream). */
const HEARTBEAT_MS = 15_000;

/** Whether the request asks for server-sent events (`Accept: text/event-stream`, q > 0). */
export function wantsEventStream(accept: string | undefined): boolean {
  return (accept ?? '').split(',').some((part) => {
    const [type, ...params] = part.split(';').map((s) => s.trim().toLowerCase());
    return type === 'text/event-stream' && !params.some((p) => /^q=0(\.0*)?$/.test(p));
  });
}

/** The reply for a re-caption outcome; Ollama away is 503 `OLLAMA_UNREACHABLE`, no usable caption 422 with the caption code. */
function toGenerateReply(app: FastifyInstance, db: SqliteDatabase, id: number, outcome: RecaptionOutcome): Static<typeof GenerateReply> {
  if (outcome.kind === 'unavailable') throw new ProofsheetError('OLLAMA_UNREACHABLE', `the row was not captioned: ${outcome.reason}`, { details: { row_id: id } });
  if (outcome.kind === 'failed') {
    throw app.httpErrors.createError(422, `the captioner gave no usable caption: ${outcome.message}`, { code: outcome.code, hint: 'edit the caption by hand, or try Generate again later' });
  }
  return { id, status: outcome.status, reasons: [...outcome.reasons], changed: [...outcome.changed], row: requireRow(db, id) as unknown as Record<string, unknown> };
}

/** `POST /api/rows/:id/generate` answered as JSON: the row captioned again, or the error. */
export async function generateJson(app: FastifyInstance, id: number): Promise<Static<typeof GenerateReply>> {
  const { db, config } = app.review;
  return toGenerateReply(app, db, id, await recaptionRow(db, id, { config }));
}

/** A progress event as the API sends it (the schema keeps the caption step's shape and the API's in line). */
function toProgressEvent(progress: CaptionProgress): Static<typeof GenerateProgress> {
  const { reasons, ...rest } = progress;
  return { ...rest, ...(reasons !== undefined ? { reasons: [...reasons] } : {}) };
}

/**
 * `POST /api/rows/:id/generate` answered as server-sent events: `progress` as the caption step
 * proceeds, then exactly one `done` (the JSON answer) or `error` (the usual error body). An unknown
 * row is still a plain 404 (nothing to stream). A client that goes away aborts the caption step
 * (nothing is written to the row) and is never written to again.
 */
export async function generateStream(app: FastifyInstance, id: number, reply: FastifyReply): Promise<void> {
  const { db, config, log } = app.review;
  requireRow(db, id);
  reply.hijack();
  const raw = reply.raw;
  const headers = Object.fromEntries(Object.entries(reply.getHeaders()).filter((entry): entry is [string, string | number | string[]] => entry[1] !== undefined));
  raw.writeHead(200, { ...headers, 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-store', connection: 'keep-alive' });
  const open = () => !raw.destroyed && !raw.writableEnded;
  const send = (event: 'progress' | 'done' | 'error', data: unknown) => {
    if (open()) raw.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
  };
  const stop = new AbortController();
  raw.on('close', () => stop.abort());
  // A write racing the client's disconnect fails on the socket, not in this request.
  raw.on('error', () => stop.abort());
  const heartbeat = setInterval(() => open() && raw.write(': keep-alive\n\n'), HEARTBEAT_MS);
  try {
    const outcome = await recaptionRow(db, id, { config, signal: stop.signal, onProgress: (progress) => send('progress', toProgressEvent(progress)) });
    if (stop.signal.aborted) return;
    send('done', toGenerateReply(app, db, id, outcome));
  } catch (error) {
    const { status, body } = toErrorReply(error);
    if (status >= 500) log.error({ route: '/api/rows/:id/generate', row_id: id, err: error }, 'request failed');
    send('error', body);
  } finally {
    clearInterval(heartbeat);
    if (open()) raw.end();
  }
}
