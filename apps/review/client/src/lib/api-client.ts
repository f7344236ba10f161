import type { ApiErrorBody } from '@proofsheet/review/api-types';

/**
 * The one HTTP client of the review page: every request to the review API goes through here. It
 * sends the session's CSRF token on state-changing requests (the cookie itself is HttpOnly and
 * travels on its own), and turns every failure into an {@link ApiError} with the server's code,
 * message and hint, so components never parse responses themselves.
 */

/** A failed API call: the server's `{"error": {code, message, hint}}`, or a network failure (`NETWORK`). */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly hint: string;
  readonly details: unknown;

  constructor(status: number, body: ApiErrorBody['error']) {
    super(body.message);
    this.name = 'ApiError';
    this.status = status;
    this.code = body.code;
    this.hint = body.hint;
    this.details = body.details;
  }
}

let csrfToken: string | null = null;
let csrfLoading: Promise<void> | null = null;

/** Remembers the CSRF token of this page's session (from `GET /api/session`). */
export function setCsrfToken(token: string): void {
  csrfToken = token;
}

/**
 * The CSRF token, fetched once on the first change the page makes (reads never wait for it, so
 * the first page paints without a round trip in front of it).
 */
async function ensureCsrfToken(): Promise<void> {
  if (csrfToken !== null) return;
  csrfLoading ??= send('GET', '/api/session')
    .then(async (response) => setCsrfToken(((await response.json()) as { csrfToken: string }).csrfToken))
    .finally(() => {
      csrfLoading = null;
    });
  await csrfLoading;
}

/** A query string from defined values only (`undefined` and empty strings are left out). */
export function toQueryString(query: Record<string, string | number | boolean | undefined> | undefined): string {
  if (query === undefined) return '';
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) if (value !== undefined && value !== '') params.set(key, String(value));
  const text = params.toString();
  return text === '' ? '' : `?${text}`;
}

interface RequestOptions {
  readonly query?: Record<string, string | number | boolean | undefined>;
  readonly body?: unknown;
  readonly signal?: AbortSignal | undefined;
  readonly headers?: Record<string, string>;
  /**
   * Fetch priority: `low` for what the page can show a moment later (filter lists, the Runs badge),
   * so it never takes a connection or the server's turn from the rows and thumbnails on screen.
   */
  readonly priority?: RequestPriority | undefined;
}

async function toApiError(response: Response): Promise<ApiError> {
  const fallback = { code: `HTTP_${response.status}`, message: `the server answered ${response.status} ${response.statusText}`, hint: 'reload the page; if it persists, look at logs/review.log' };
  try {
    const body = (await response.json()) as Partial<ApiErrorBody>;
    return new ApiError(response.status, body.error ?? fallback);
  } catch {
    return new ApiError(response.status, fallback);
  }
}

/** Sends one request and gives the raw response when it succeeded; throws {@link ApiError} otherwise. */
export async function send(method: 'GET' | 'POST' | 'PATCH' | 'DELETE', path: string, options: RequestOptions = {}): Promise<Response> {
  const headers: Record<string, string> = { accept: 'application/json', ...options.headers };
  if (method !== 'GET') {
    await ensureCsrfToken();
    if (csrfToken !== null) headers['x-csrf-token'] = csrfToken;
  }
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  let response: Response;
  try {
    // eslint-disable-next-line no-restricted-syntax -- the one place of the client that calls fetch
    response = await fetch(`${path}${toQueryString(options.query)}`, {
      method,
      headers,
      credentials: 'same-origin',
      ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
      ...(options.signal !== undefined ? { signal: options.signal } : {}),
      ...(options.priority !== undefined ? { priority: options.priority } : {}),
    });
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') throw error;
    throw new ApiError(0, { code: 'NETWORK', message: 'the review server cannot be reached', hint: 'is "proofsheet review" still running? Start it again and reload the page' });
  }
  if (!response.ok) throw await toApiError(response);
  return response;
}

/** The API client: JSON in, JSON out, typed by the caller with the server's own types. */
export const api = {
  get: async <T>(path: string, query?: RequestOptions['query'], signal?: AbortSignal, priority?: RequestPriority): Promise<T> => (await send('GET', path, { ...(query ? { query } : {}), signal, priority })).json() as Promise<T>,
  post: async <T>(path: string, body: unknown = {}): Promise<T> => (await send('POST', path, { body })).json() as Promise<T>,
  patch: async <T>(path: string, body: unknown): Promise<T> => (await send('PATCH', path, { body })).json() as Promise<T>,
};

/** One server-sent event. */
export interface StreamEvent {
  readonly event: string;
  readonly data: unknown;
}

/** Splits a `text/event-stream` body into events (`event:` + `data:` lines, blank line between). */
export function parseEventBlock(block: string): StreamEvent | null {
  let event = 'message';
  const data: string[] = [];
  for (const line of block.split('\n')) {
    if (line.startsWith('event:')) event = line.slice(6).trim();
    else if (line.startsWith('data:')) data.push(line.slice(5).trimStart());
  }
  if (data.length === 0) return null;
  try {
    return { event, data: JSON.parse(data.join('\n')) as unknown };
  } catch {
    return { event, data: data.join('\n') };
  }
}

/**
 * POSTs and reads the answer as server-sent events (a POST with a CSRF header cannot use
 * `EventSource`), calling `onEvent` for each; resolves when the stream ends.
 */
export async function postStream(path: string, body: unknown, onEvent: (event: StreamEvent) => void, signal?: AbortSignal): Promise<void> {
  const response = await send('POST', path, { body, signal, headers: { accept: 'text/event-stream, application/json;q=0.5' } });
  if (!(response.headers.get('content-type') ?? '').includes('text/event-stream')) {
    // A plain JSON answer is the whole result at once.
    onEvent({ event: 'done', data: (await response.json()) as unknown });
    return;
  }
  if (response.body === null) return;
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    buffer += value;
    let end = buffer.indexOf('\n\n');
    while (end !== -1) {
      const parsed = parseEventBlock(buffer.slice(0, end));
      buffer = buffer.slice(end + 2);
      if (parsed !== null) onEvent(parsed);
      end = buffer.indexOf('\n\n');
    }
  }
}

/** Follows a GET server-sent event stream (the cookie authenticates it); returns the function that stops it. */
export function followEvents(path: string, onEvent: (event: StreamEvent) => void, onEnd?: () => void): () => void {
  const source = new EventSource(path);
  const names = new Set<string>();
  const listen = (name: string): void => {
    if (names.has(name)) return;
    names.add(name);
    source.addEventListener(name, (message) => {
      const parsed = parseEventBlock(`event: ${name}\ndata: ${(message as MessageEvent<string>).data}`);
      if (parsed !== null) onEvent(parsed);
      if (name === 'end') {
        source.close();
        onEnd?.();
      }
    });
  };
  for (const name of ['message', 'trace', 'start', 'progress', 'row', 'summary', 'end']) listen(name);
  source.onerror = () => {
    // The server closed the stream (the run or publish is over): stop instead of reconnecting forever.
    if (source.readyState !== EventSource.OPEN) {
      source.close();
      onEnd?.();
    }
  };
  return () => source.close();
}
