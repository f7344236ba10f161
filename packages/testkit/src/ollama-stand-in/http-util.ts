import type { IncomingMessage, ServerResponse } from 'node:http';

/** Sends `{"error": message}` as `application/json; charset=utf-8` (the real server's error shape). */
export function sendError(res: ServerResponse, status: number, message: string): void {
  sendJson(res, status, { error: message });
}

/** Sends one JSON object. */
export function sendJson(res: ServerResponse, status: number, value: unknown): void {
  if (res.headersSent || res.destroyed) return;
  const body = JSON.stringify(value);
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(body) });
  res.end(body);
}

/** Sends gin's plain-text answers (`404 page not found`, `405 method not allowed`). */
export function sendText(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}

/** Reads the whole request body as text. */
export function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/**
 * Parses a body like Go's `ShouldBindJSON`: empty → `missing request body`; malformed → a decoder
 * style message. Returns the value or an error string.
 */
export function parseBody(text: string): { ok: true; value: Record<string, unknown> } | { ok: false; error: string } {
  if (text.trim() === '') return { ok: false, error: 'missing request body' };
  try {
    const value: unknown = JSON.parse(text);
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      return { ok: false, error: 'json: cannot unmarshal array into Go value of type api.ChatRequest' };
    }
    return { ok: true, value: value as Record<string, unknown> };
  } catch {
    const first = text.trim()[0] ?? '';
    return { ok: false, error: first === '{' ? 'unexpected EOF' : `invalid character '${first}' looking for beginning of value` };
  }
}

/** Canonical `name:tag` (tag defaults to `latest`), lower-cased for lookup. */
export function toCanonicalName(name: string): string {
  const trimmed = name.trim();
  const withTag = /:[^/]+$/.test(trimmed) ? trimmed : `${trimmed}:latest`;
  return withTag.toLowerCase();
}

/** RFC 3339 UTC with a trailing Z, as `created_at`. */
export function toCreatedAt(ms: number): string {
  return new Date(ms).toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');
}

/** Local time with an offset, as `modified_at`/`expires_at`. */
export function toLocalStamp(ms: number): string {
  const d = new Date(ms);
  const offset = -d.getTimezoneOffset();
  const sign = offset >= 0 ? '+' : '-';
  const abs = Math.abs(offset);
  const local = new Date(ms + offset * 60_000).toISOString().replace('Z', '');
  return `${local}${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

/** The index of the first byte that is not standard base64 (Go's `illegal base64 data at input byte N`), or -1. */
export function findBadBase64Byte(value: string): number {
  const match = /[^A-Za-z0-9+/=]/.exec(value);
  if (match) return match.index;
  if (value.length % 4 !== 0) return value.length - (value.length % 4);
  return -1;
}

/** Resolves after `ms`, or at once for 0. */
export function sleep(ms: number): Promise<void> {
  return ms > 0 ? new Promise((resolve) => setTimeout(resolve, ms)) : Promise.resolve();
}
