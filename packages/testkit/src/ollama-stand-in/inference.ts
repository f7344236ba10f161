import type { IncomingMessage, ServerResponse } from 'node:http';
import { toBrokenAnswer } from './guardrail-breaks.js';
import { toDefaultAnswer } from './image-answer.js';
import { findBadBase64Byte, sendError, sendJson, sleep, toCreatedAt } from './http-util.js';
import type { RecordedRequest, StandInBehaviour, StandInEra, StandInInference, StandInModel } from './types.js';

/** What the inference handler needs from the server. */
export interface InferenceHost {
  readonly era: StandInEra;
  readonly earlyStreamErrorsAsLines: boolean;
  findModel(name: string): StandInModel | undefined;
  takeBehaviour(request: StandInInference): StandInBehaviour | undefined;
  acquireSlot(model: StandInModel, closed: () => boolean): Promise<() => void>;
  markLoaded(model: StandInModel, keepAlive: unknown): void;
  saltFor(image: string | undefined, prompt: string): number;
}

const VALID_THINK = new Set<unknown>([true, false, 'high', 'medium', 'low', 'max']);

/** Reads the parts of a chat/generate body the stand-in cares about. */
export function toInference(endpoint: 'chat' | 'generate', body: Record<string, unknown>): StandInInference {
  const messages = Array.isArray(body.messages) ? (body.messages as Array<Record<string, unknown>>) : [];
  const texts = endpoint === 'chat' ? messages.map((m) => String(m.content ?? '')) : [String(body.system ?? ''), String(body.prompt ?? '')];
  const images = endpoint === 'chat' ? messages.flatMap((m) => (Array.isArray(m.images) ? (m.images as string[]) : [])) : Array.isArray(body.images) ? (body.images as string[]) : [];
  return {
    endpoint,
    model: typeof body.model === 'string' ? body.model : '',
    prompt: texts.filter((t) => t !== '').join('\n'),
    images,
    stream: body.stream !== false,
    format: body.format ?? null,
    options: body.options !== null && typeof body.options === 'object' ? (body.options as Record<string, unknown>) : {},
  };
}

/** Validates a chat/generate request the way the real server does; returns an error to send, or undefined. */
export function validateInference(host: InferenceHost, inf: StandInInference, body: Record<string, unknown>): { status: number; error: string } | undefined {
  if (inf.model.trim() === '') return inf.endpoint === 'chat' ? { status: 400, error: 'model is required' } : { status: 404, error: "model '' not found" };
  const model = host.findModel(inf.model);
  if (!model) return { status: 404, error: `model '${inf.model}' not found` };
  if (body.think !== undefined && !VALID_THINK.has(body.think)) {
    return { status: 400, error: `invalid think value: ${JSON.stringify(body.think)} (must be "high", "medium", "low", "max", true, or false)` };
  }
  const caps = model.capabilities ?? ['completion', 'vision'];
  if (body.think !== undefined && body.think !== false && !caps.includes('thinking')) return { status: 400, error: `"${inf.model}" does not support thinking` };
  for (const image of inf.images) {
    const bad = findBadBase64Byte(image);
    if (bad >= 0) return { status: 400, error: `illegal base64 data at input byte ${bad}` };
  }
  if (inf.images.length > 0 && !caps.includes('vision') && host.era === 'B') {
    return { status: 400, error: 'Multimodal data provided, but model does not support multimodal requests.' };
  }
  return undefined;
}

function isLoadRequest(inf: StandInInference, body: Record<string, unknown>): boolean {
  return inf.endpoint === 'chat' ? !Array.isArray(body.messages) || body.messages.length === 0 : typeof body.prompt !== 'string' || body.prompt === '';
}

function isValidFormat(format: unknown): boolean {
  return format === null || format === '' || format === 'json' || (typeof format === 'object' && !Array.isArray(format));
}

/** Splits text into token-like pieces (a word with its trailing space). */
function toTokens(text: string): string[] {
  return text.match(/\S+\s*|\s+/g) ?? [];
}

/** Handles `/api/chat` and `/api/generate` after validation. */
export async function runInference(host: InferenceHost, record: RecordedRequest, body: Record<string, unknown>, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const inf = record.inference!;
  const model = host.findModel(inf.model)!;
  const started = Date.now();
  let closed = false;
  const whenClosed = new Promise<void>((resolve) => res.on('close', () => { closed = true; resolve(); }));
  if (isLoadRequest(inf, body)) {
    host.markLoaded(model, body.keep_alive);
    const unload = body.keep_alive === 0 || body.keep_alive === '0' || body.keep_alive === '0s';
    sendJson(res, 200, { ...base(inf, started), done: true, done_reason: unload ? 'unload' : 'load' });
    return;
  }
  if (!isValidFormat(inf.format)) {
    return sendError(res, 500, `invalid format: ${JSON.stringify(JSON.stringify(inf.format))}; expected "json" or a valid JSON Schema object`);
  }
  const behaviour = host.takeBehaviour(inf);
  record.behaviour = behaviour?.kind ?? 'default';
  if (behaviour?.kind === 'status' && inf.stream && host.earlyStreamErrorsAsLines) {
    res.writeHead(200, { 'Content-Type': 'application/x-ndjson' });
    return void res.end(`${JSON.stringify({ error: behaviour.error })}\n`);
  }
  if (behaviour?.kind === 'status') return sendError(res, behaviour.status, behaviour.error);
  const release = await host.acquireSlot(model, () => closed);
  if (closed) return release();
  host.markLoaded(model, body.keep_alive);
  try {
    // The answer is prepared while the latency runs, as a real server works during that time.
    const [planned] = await Promise.all([plan(host, model, inf, behaviour), sleep(model.latencyMs ?? 0)]);
    if (closed) return;
    const stalled = await answer(planned, inf, behaviour, model, started, res, () => closed);
    if (stalled) await whenClosed;
  } finally {
    release();
    void req;
  }
}

function base(inf: StandInInference, at: number): Record<string, unknown> {
  return inf.endpoint === 'chat' ? { model: inf.model, created_at: toCreatedAt(at), message: { role: 'assistant', content: '' } } : { model: inf.model, created_at: toCreatedAt(at), response: '' };
}

function chunk(inf: StandInInference, text: string): Record<string, unknown> {
  return inf.endpoint === 'chat'
    ? { model: inf.model, created_at: toCreatedAt(Date.now()), message: { role: 'assistant', content: text }, done: false }
    : { model: inf.model, created_at: toCreatedAt(Date.now()), response: text, done: false };
}

async function toContent(host: InferenceHost, inf: StandInInference, behaviour: StandInBehaviour | undefined): Promise<string> {
  const wantsJson = inf.format !== null && inf.format !== '';
  const keywordCount = Number(/(\d+)\s+keywords/i.exec(inf.prompt)?.[1] ?? 8);
  const answer = await toDefaultAnswer(inf.images[0], host.saltFor(inf.images[0], inf.prompt), keywordCount);
  switch (behaviour?.kind) {
    case 'content': return behaviour.content;
    case 'payload': return JSON.stringify(behaviour.payload);
    case 'invalid_json': return `Sure! Here is a caption: ${answer.caption}`;
    case 'schema_violation': return JSON.stringify({ caption: answer.caption, keywords: answer.keywords.join(', ') });
    case 'break': return JSON.stringify(toBrokenAnswer(answer, behaviour.rule, /category: (.+)/.exec(inf.prompt)?.[1] ?? 'category'));
    default: return wantsJson ? JSON.stringify(answer) : answer.caption;
  }
}

type Ending = 'done' | 'length' | 'cutoff' | 'crash' | 'stall' | { error: string };

/** Builds the token list and how the answer ends, from the behaviour and `num_predict`. */
async function plan(host: InferenceHost, model: StandInModel, inf: StandInInference, behaviour: StandInBehaviour | undefined): Promise<{ tokens: string[]; ending: Ending }> {
  const numPredict = typeof inf.options.num_predict === 'number' && inf.options.num_predict > 0 ? inf.options.num_predict : 10 * (model.contextLength ?? 4096);
  if (behaviour?.kind === 'runaway') return { tokens: Array<string>(numPredict).fill(' the'), ending: 'length' };
  if (behaviour?.kind === 'repeat_cutoff') return { tokens: Array<string>(31).fill(' the'), ending: 'cutoff' };
  const tokens = toTokens(await toContent(host, inf, behaviour));
  if (behaviour?.kind === 'crash') return { tokens: tokens.slice(0, behaviour.afterTokens), ending: 'crash' };
  if (behaviour?.kind === 'stall') return { tokens: tokens.slice(0, behaviour.afterTokens), ending: 'stall' };
  if (behaviour?.kind === 'hang') return { tokens: [], ending: 'stall' };
  if (behaviour?.kind === 'error_line') return { tokens: tokens.slice(0, behaviour.afterTokens), ending: { error: behaviour.error } };
  if (tokens.length > numPredict) return { tokens: tokens.slice(0, numPredict), ending: 'length' };
  return { tokens, ending: 'done' };
}

function finalFields(tokens: number, started: number, reason: string, inf: StandInInference): Record<string, unknown> {
  const total = (Date.now() - started) * 1e6;
  const fields: Record<string, unknown> = { done: true, done_reason: reason };
  if (inf.endpoint === 'generate') fields.context = [1, 2, 3];
  Object.assign(fields, { total_duration: Math.max(1, total), load_duration: 1_334_875, prompt_eval_count: 26 + 1024 * inf.images.length, prompt_eval_duration: 342_546_000 });
  if (tokens > 0) Object.assign(fields, { eval_count: tokens, eval_duration: Math.max(1, Math.round(total * 0.8)) });
  return fields;
}

/** Writes the answer; resolves `true` when it stalled (the slot stays busy until the client leaves). */
async function answer(planned: { tokens: string[]; ending: Ending }, inf: StandInInference, behaviour: StandInBehaviour | undefined, model: StandInModel, started: number, res: ServerResponse, closed: () => boolean): Promise<boolean> {
  const { tokens, ending } = planned;
  const tps = behaviour?.kind === 'slow' ? behaviour.tokensPerSecond : (model.tokensPerSecond ?? Number.POSITIVE_INFINITY);
  const gap = Number.isFinite(tps) && tps > 0 ? 1000 / tps : 0;
  if (!inf.stream) {
    await sleep(gap * tokens.length);
    if (closed()) return false;
    if (ending === 'crash') return crash(res);
    if (ending === 'stall') return true;
    if (typeof ending === 'object') {
      sendError(res, 500, ending.error);
      return false;
    }
    const text = tokens.join('');
    const doneFields = ending === 'cutoff' ? { done: false } : finalFields(tokens.length, started, ending === 'length' ? 'length' : 'stop', inf);
    const reply = inf.endpoint === 'chat' ? { message: { role: 'assistant', content: text } } : { response: text };
    sendJson(res, 200, { model: inf.model, created_at: toCreatedAt(Date.now()), ...reply, ...doneFields });
    return false;
  }
  res.writeHead(200, { 'Content-Type': 'application/x-ndjson' });
  for (const token of tokens) {
    if (closed()) return false;
    res.write(`${JSON.stringify(chunk(inf, token))}\n`);
    await sleep(gap);
  }
  if (closed()) return false;
  if (ending === 'crash') {
    // Let the tokens reach the client first, so the connection drops mid-stream as in a runner crash.
    await new Promise((resolve) => res.write('', resolve));
    await sleep(5);
    return crash(res);
  }
  if (ending === 'stall') return true;
  if (ending === 'cutoff') res.end();
  else if (typeof ending === 'object') res.end(`${JSON.stringify({ error: ending.error })}\n`);
  else res.end(`${JSON.stringify({ ...base(inf, Date.now()), ...finalFields(tokens.length, started, ending === 'length' ? 'length' : 'stop', inf) })}\n`);
  return false;
}

/** A runner crash as the client sees it: the connection drops mid-answer. */
function crash(res: ServerResponse): false {
  res.socket?.destroy();
  return false;
}
