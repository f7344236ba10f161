import { ProofsheetError } from '@proofsheet/core';
import { Ollama } from 'ollama';

/**
 * The one module that imports the `ollama` client. It turns the client's answers and failures into
 * plain values and {@link ProofsheetError}s with a `details.reason`; nothing above reads driver
 * messages.
 *
 * Reasons: `connection_refused` and `busy` (OLLAMA_UNREACHABLE), `model_missing` and
 * `model_not_vision` (OLLAMA_MODEL_MISSING: the model cannot be used on that host), `connection_lost`, `stream_incomplete`, `runner_error`, `server_error`
 * (CAPTION_CRASH), `idle_timeout`, `hard_timeout` (CAPTION_TIMEOUT), `interrupted` (INTERRUPTED).
 * Anything that is not a recognised driver or network failure (a `TypeError` without a network
 * cause, a failed assertion) is a bug: it becomes `INTERNAL` and must never defer or quarantine rows.
 */

/** An installed model as `/api/tags` lists it. */
export interface InstalledModel {
  readonly name: string;
  readonly capabilities: readonly string[] | undefined;
}

/** A loaded model as `/api/ps` lists it. */
export interface RunningModel {
  readonly name: string;
  readonly size: number;
  readonly sizeVram: number;
  readonly contextLength: number | undefined;
}

/** One chat call: a user message with one image, structured output, options. */
export interface ChatCall {
  readonly model: string;
  readonly prompt: string;
  readonly imageBase64: string;
  readonly format: object;
  readonly options: Readonly<Record<string, number>>;
  readonly keepAlive: string;
}

/** What a finished chat gave back. */
export interface ChatResult {
  readonly content: string;
  readonly doneReason: string;
  readonly evalCount: number;
  readonly promptEvalCount: number;
}

/** The calls the caption stage makes against one host. */
export interface OllamaHostClient {
  readonly url: string;
  version(signal: AbortSignal): Promise<string>;
  listModels(signal: AbortSignal): Promise<InstalledModel[]>;
  showCapabilities(model: string, signal: AbortSignal): Promise<readonly string[]>;
  listRunning(signal: AbortSignal): Promise<RunningModel[]>;
  /** Loads `model` without generating (a warm-up); resolves when it is loaded. */
  loadModel(model: string, keepAlive: string, signal: AbortSignal): Promise<void>;
  /** Streams a chat; `onToken` runs for every chunk (the idle watchdog listens to it). */
  chat(call: ChatCall, signal: AbortSignal, onToken: () => void): Promise<ChatResult>;
}

/** The client's `ResponseError` (an HTTP error status); the package does not export the class. */
interface ResponseErrorLike {
  readonly name: 'ResponseError';
  readonly error: string;
  readonly status_code: number;
}

function isResponseError(error: unknown): error is ResponseErrorLike {
  return error instanceof Error && error.name === 'ResponseError' && typeof (error as { status_code?: unknown }).status_code === 'number';
}

const UNREACHABLE_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN', 'UND_ERR_CONNECT_TIMEOUT', 'EADDRNOTAVAIL']);

/** Codes (on the error or in its `cause` chain) of a connection that broke after it was made; `HPE_*` are HTTP parser errors (a garbled answer). */
const LOST_CODES = new Set([
  'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'ECONNABORTED', 'ENETRESET', 'ENETDOWN', 'EHOSTDOWN', 'ERR_STREAM_PREMATURE_CLOSE',
  'UND_ERR_SOCKET', 'UND_ERR_CLOSED', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'UND_ERR_REQ_CONTENT_LENGTH_MISMATCH', 'UND_ERR_RES_CONTENT_LENGTH_MISMATCH',
]);

function isLostCode(code: string): boolean {
  return LOST_CODES.has(code) || code.startsWith('HPE_');
}

/**
 * Whether `error` is a failure the `ollama` client itself reports about the server's answer: a
 * plain `Error` (an `{"error": …}` line, a missing body) or a `SyntaxError` (an NDJSON line that is
 * not JSON). Subclasses such as `TypeError`, `RangeError` or an `AssertionError` are not.
 */
function isDriverError(error: unknown): boolean {
  return error instanceof Error && (Object.getPrototypeOf(error) === Error.prototype || Object.getPrototypeOf(error) === SyntaxError.prototype);
}

/**
 * An error answer that is not JSON (gin's `404 page not found`, a proxy's HTML page) rewritten as
 * `{"error": text}`: the client would otherwise `console.log` while reading it, which would land
 * in the CLI's stdout (and break `--json`).
 */
async function toJsonError(response: Response): Promise<Response> {
  if (response.ok || response.headers.get('content-type')?.includes('application/json')) return response;
  const text = (await response.text()).trim().slice(0, 500) || `HTTP ${response.status}`;
  return new Response(JSON.stringify({ error: text }), { status: response.status, statusText: response.statusText, headers: { 'content-type': 'application/json' } });
}

/** A client bound to one call's abort signal (the `ollama` client passes no signal on most calls). */
function toClient(url: string, signal: AbortSignal): Ollama {
  const boundFetch: typeof fetch = async (input, init) => toJsonError(await fetch(input, { ...init, signal: init?.signal ? AbortSignal.any([init.signal, signal]) : signal }));
  return new Ollama({ host: url, fetch: boundFetch });
}

/** The first network code (unreachable or lost) on `error` or in its `cause` chain; other codes (`ERR_ASSERTION`, `ERR_INVALID_ARG_TYPE`) are not network failures. */
function networkCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current instanceof Error; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && (UNREACHABLE_CODES.has(code) || isLostCode(code))) return code;
    current = current.cause;
  }
  return undefined;
}

/** Translates a failure of the `ollama` client into a {@link ProofsheetError}. */
export function toOllamaError(error: unknown, url: string, model: string | undefined, signal: AbortSignal): ProofsheetError {
  const details = { host: url, ...(model === undefined ? {} : { model }) };
  if (signal.aborted) {
    const reason = typeof signal.reason === 'string' ? signal.reason : 'interrupted';
    if (reason === 'idle_timeout' || reason === 'hard_timeout') {
      return new ProofsheetError('CAPTION_TIMEOUT', `Ollama at ${url} ${reason === 'idle_timeout' ? 'sent no tokens within the idle timeout' : 'did not finish within the hard timeout'}`, { cause: error, details: { ...details, reason } });
    }
    return new ProofsheetError('INTERRUPTED', `request to Ollama at ${url} was cancelled`, { cause: error, details: { ...details, reason: 'interrupted' } });
  }
  if (isResponseError(error)) {
    const status = error.status_code;
    const withStatus = { ...details, status, server_message: error.error };
    if (status === 404 && /model .*not found/i.test(error.error)) {
      return new ProofsheetError('OLLAMA_MODEL_MISSING', `model ${model ?? ''} is not installed on ${url}; run: ollama pull ${model ?? '<model>'}`, { cause: error, details: { ...withStatus, reason: 'model_missing' } });
    }
    if (status >= 400 && status < 500 && /multimodal|image input is not supported|does not support image/i.test(error.error)) {
      // Era B: a text-only model given an image. The model is unusable for captions, not the row.
      return new ProofsheetError('OLLAMA_MODEL_MISSING', `model ${model ?? ''} on ${url} cannot read images; configure a vision model`, { cause: error, details: { ...withStatus, reason: 'model_not_vision' } });
    }
    if (status === 503) return new ProofsheetError('OLLAMA_UNREACHABLE', `Ollama at ${url} is busy (503)`, { cause: error, details: { ...withStatus, reason: 'busy' } });
    const runner = /runner|llama-server|terminated|unexpectedly stopped/i.test(error.error);
    return new ProofsheetError('CAPTION_CRASH', `Ollama at ${url} answered ${status}: ${error.error}`, { cause: error, details: { ...withStatus, reason: runner ? 'runner_error' : 'server_error' } });
  }
  const code = networkCode(error);
  const message = error instanceof Error ? error.message : String(error);
  if (code !== undefined && UNREACHABLE_CODES.has(code)) {
    return new ProofsheetError('OLLAMA_UNREACHABLE', `Ollama is not reachable at ${url} (${code})`, { cause: error, details: { ...details, reason: 'connection_refused', errno: code } });
  }
  if (code !== undefined) {
    return new ProofsheetError('CAPTION_CRASH', `connection to Ollama at ${url} was lost mid-request (${code})`, { cause: error, details: { ...details, reason: 'connection_lost', errno: code } });
  }
  if (!isDriverError(error)) {
    // Our own bug (or one in a library) while talking to Ollama: it must stop the run, not look like an outage.
    const what = error instanceof Error ? `${error.name}: ${message}` : message;
    return new ProofsheetError('INTERNAL', `unexpected error while talking to Ollama at ${url}: ${what}`, { cause: error, details });
  }
  if (/did not receive done/i.test(message)) {
    return new ProofsheetError('CAPTION_CRASH', `Ollama at ${url} ended the answer without finishing it`, { cause: error, details: { ...details, reason: 'stream_incomplete' } });
  }
  return new ProofsheetError('CAPTION_CRASH', `Ollama at ${url} failed while answering: ${message}`, { cause: error, details: { ...details, reason: 'runner_error' } });
}

async function guarded<T>(url: string, model: string | undefined, signal: AbortSignal, call: (client: Ollama) => Promise<T>): Promise<T> {
  try {
    return await call(toClient(url, signal));
  } catch (error) {
    throw toOllamaError(error, url, model, signal);
  }
}

/** Creates the client for one Ollama host (`http://host:port`). */
export function createOllamaHostClient(url: string): OllamaHostClient {
  return {
    url,
    // A pooled keep-alive socket the server already closed fails as "other side closed": retry the idempotent probe once.
    version: (signal) => guarded(url, undefined, signal, async (c) => (await c.version()).version).catch((error: ProofsheetError) => {
      if (error.details.reason !== 'connection_lost' || signal.aborted) throw error;
      return guarded(url, undefined, signal, async (c) => (await c.version()).version);
    }),
    listModels: (signal) => guarded(url, undefined, signal, async (c) => {
      const list = await c.list();
      return list.models.map((m) => ({ name: m.name, capabilities: (m as { capabilities?: string[] }).capabilities }));
    }),
    showCapabilities: (model, signal) => guarded(url, model, signal, async (c) => (await c.show({ model })).capabilities ?? []),
    listRunning: (signal) => guarded(url, undefined, signal, async (c) => {
      const list = await c.ps();
      return list.models.map((m) => ({ name: m.name, size: m.size, sizeVram: m.size_vram, contextLength: (m as { context_length?: number }).context_length }));
    }),
    loadModel: (model, keepAlive, signal) => guarded(url, model, signal, async (c) => {
      await c.chat({ model, messages: [], keep_alive: keepAlive, stream: false });
    }),
    chat: (call, signal, onToken) => guarded(url, call.model, signal, async (c) => {
      const stream = await c.chat({
        model: call.model,
        messages: [{ role: 'user', content: call.prompt, images: [call.imageBase64] }],
        // think:false: a thinking model would otherwise reason first (v0.12.4+ thinks by default) and
        // only then be held to the format; non-thinking models accept false.
        format: call.format, options: call.options, keep_alive: call.keepAlive, stream: true, think: false,
      });
      let content = '';
      for await (const part of stream) {
        onToken();
        content += part.message?.content ?? '';
        if (part.done) {
          return { content, doneReason: part.done_reason ?? '', evalCount: part.eval_count ?? 0, promptEvalCount: part.prompt_eval_count ?? 0 };
        }
      }
      throw new Error('Did not receive done or success response in stream.');
    }),
  };
}
