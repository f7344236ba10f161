import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { afterAll, describe, expect } from 'vitest';
import { removeTemplate, test, type ServerFixture } from './helpers.js';

afterAll(removeTemplate);

/** A concrete URL for a route pattern (params filled with valid-looking values). */
function toUrl(pattern: string): string {
  return pattern.replace(':id/log', 'run_20260101_000000_cli/log').replace(':id', '1').replace(':kind', 'thumb');
}

const STATE_CHANGING = new Set(['POST', 'PATCH', 'PUT', 'DELETE']);

/** Sends `rawPath` byte for byte (fetch would normalise `..` segments before sending). */
function rawGet(url: string, rawPath: string, headers: Record<string, string>): Promise<{ status: number; body: string }> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const request = http.request({ host: hostname, port, path: rawPath, method: 'GET', headers }, (response) => {
      let body = '';
      response.setEncoding('latin1').on('data', (chunk: string) => (body += chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
    });
    request.on('error', reject);
    request.end();
  });
}

async function send(review: ServerFixture, method: string, url: string, headers: Record<string, string>): Promise<Response> {
  const body = STATE_CHANGING.has(method) ? JSON.stringify({}) : undefined;
  return fetch(`${review.server.url}${url}`, { method, headers: { ...(body ? { 'content-type': 'application/json' } : {}), ...headers }, ...(body ? { body } : {}), redirect: 'manual' });
}

describe('the route table', () => {
  test('only health and the token exchange are reachable without the token, and every other route answers 401 without it', { timeout: 120_000 }, async ({ review }) => {
    const { routes } = review.server;
    expect(routes.filter((r) => r.auth !== 'token').map((r) => `${r.method} ${r.url} ${r.auth}`).sort()).toEqual(['GET / exchange', 'GET /api/health public']);
    expect(routes.length).toBeGreaterThanOrEqual(14);
    for (const route of routes.filter((r) => r.auth !== 'public')) {
      const response = await send(review, route.method, toUrl(route.url), {});
      expect({ route: `${route.method} ${route.url}`, status: response.status }).toEqual({ route: `${route.method} ${route.url}`, status: 401 });
      expect(((await response.json()) as { error: { code: string } }).error.code).toBe('UNAUTHORIZED');
      const wrong = await send(review, route.method, toUrl(route.url), { authorization: `Bearer ${'x'.repeat(43)}`, cookie: 'proofsheet_session=forged' });
      expect(wrong.status).toBe(401);
    }
    expect((await review.anonymous('/api/health')).status).toBe(200);
    expect((await review.anonymous('/api/nothing-here')).status).toBe(401);
    expect((await review.api('/api/nothing-here')).status).toBe(404);
  });

  test('every route declares its query, its params and (when it changes state) its body, and the statuses it answers', async ({ review }) => {
    for (const route of review.server.routes) {
      const label = `${route.method} ${route.url}`;
      expect({ label, querystring: route.schema.querystring }).toEqual({ label, querystring: true });
      expect({ label, params: route.schema.params }).toEqual({ label, params: route.url.includes(':') });
      if (STATE_CHANGING.has(route.method)) expect({ label, body: route.schema.body }).toEqual({ label, body: true });
      const success = route.schema.responses.some((status) => status >= 200 && status < 400);
      const guarded = [400, 401, 403, 500].every((status) => route.schema.responses.includes(status));
      expect({ label, success, guarded: route.auth === 'token' ? guarded : true }).toEqual({ label, success: true, guarded: true });
    }
    expect(((await (await review.api('/api/sets?debug=1')).json()) as { error: { code: string } }).error.code).toBe('VALIDATION_FAILED');
  });

  test('every state-changing route refuses a cookie request without the CSRF token, and any request from a foreign Origin', { timeout: 120_000 }, async ({ review }) => {
    const { cookie, csrf } = await review.browser();
    const own = review.server.url;
    const unsafe = review.server.routes.filter((r) => STATE_CHANGING.has(r.method));
    expect(unsafe.length).toBeGreaterThanOrEqual(6);
    for (const route of unsafe) {
      const url = toUrl(route.url);
      const label = `${route.method} ${route.url}`;
      const codeOf = async (response: Response) => ({ label, status: response.status, code: ((await response.json()) as { error: { code: string } }).error.code });
      expect(await codeOf(await send(review, route.method, url, { cookie, origin: own }))).toEqual({ label, status: 403, code: 'CSRF_REJECTED' });
      expect(await codeOf(await send(review, route.method, url, { cookie, origin: own, 'x-csrf-token': 'forged' }))).toEqual({ label, status: 403, code: 'CSRF_REJECTED' });
      expect(await codeOf(await send(review, route.method, url, { cookie, 'x-csrf-token': csrf, origin: 'http://evil.example' }))).toEqual({ label, status: 403, code: 'ORIGIN_REJECTED' });
      expect(await codeOf(await send(review, route.method, url, { cookie, 'x-csrf-token': csrf }))).toEqual({ label, status: 403, code: 'ORIGIN_REJECTED' });
      expect(await codeOf(await send(review, route.method, url, { authorization: `Bearer ${review.server.token}`, origin: 'http://evil.example' }))).toEqual({ label, status: 403, code: 'ORIGIN_REJECTED' });
      // With everything right the guard lets it through (the empty body may still be refused by the route's schema).
      const passed = await send(review, route.method, url, { cookie, 'x-csrf-token': csrf, origin: own });
      expect({ label, refused: [401, 403].includes(passed.status) }).toEqual({ label, refused: false });
    }
  });

  test('responses carry a strict CSP and the usual security headers; errors never show a stack', async ({ review }) => {
    const response = await review.anonymous('/api/rows');
    const csp = response.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain('unsafe-inline');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('referrer-policy')).toBe('no-referrer');
    const text = await (await review.api('/api/rows/abc')).text();
    expect(text).not.toMatch(/at .*\.(ts|js):\d+/);
  });

  test('a Host header naming another server is refused (DNS rebinding)', async ({ review }) => {
    const response = await rawGet(review.server.url, '/api/rows', { host: 'evil.example:80', authorization: `Bearer ${review.server.token}` });
    expect(response.status).toBe(403);
    expect(response.body).toContain('HOST_REJECTED');
  });
});

describe('the token exchange', () => {
  test('/?token= sets an HttpOnly SameSite=Strict cookie and redirects without the token; a wrong token is refused', async ({ review }) => {
    const exchange = await review.anonymous(`/?token=${review.server.token}`, { redirect: 'manual' });
    expect(exchange.status).toBe(303);
    expect(exchange.headers.get('location')).toBe('/');
    const session = exchange.headers.getSetCookie().find((c) => c.startsWith('proofsheet_session=')) ?? '';
    expect(session).toMatch(/HttpOnly/i);
    expect(session).toMatch(/SameSite=Strict/i);
    const cookie = session.split(';')[0] ?? '';
    expect((await review.anonymous('/api/rows', { headers: { cookie } })).status).toBe(200);
    expect((await review.anonymous('/?token=wrong', { redirect: 'manual' })).status).toBe(401);
    const log = fs.readFileSync(path.join(review.root, 'logs/review.log'), 'utf8');
    expect(log).toContain('route=/api/rows');
    expect(log).not.toContain(review.server.token);
  });
});

describe('images', () => {
  test('a thumbnail by row id, with ETag and revalidation', async ({ review }) => {
    const thumb = await review.api('/api/images/1/thumb');
    expect(thumb.status).toBe(200);
    expect(thumb.headers.get('content-type')).toBe('image/jpeg');
    const bytes = Buffer.from(await thumb.arrayBuffer());
    expect(bytes.subarray(0, 2).toString('hex')).toBe('ffd8');
    const etag = thumb.headers.get('etag') ?? '';
    expect(etag).toMatch(/^".+"$/);
    expect((await review.api('/api/images/1/thumb', { headers: { 'if-none-match': etag } })).status).toBe(304);
    expect((await review.api('/api/images/1/preview')).status).toBe(200);
  });

  test('a missing derivative is a clear 404; an unknown row is ROW_NOT_FOUND', async ({ review }) => {
    fs.rmSync(path.join(review.root, 'data/derived/2/thumb.jpg'));
    const missing = await review.api('/api/images/2/thumb');
    expect(missing.status).toBe(404);
    expect(((await missing.json()) as { error: { code: string } }).error.code).toBe('IMAGE_NOT_FOUND');
    expect(((await (await review.api('/api/images/999/thumb')).json()) as { error: { code: string } }).error.code).toBe('ROW_NOT_FOUND');
  });

  test('traversal in any form never serves a file outside the derived folder', async ({ review }) => {
    const auth = { authorization: `Bearer ${review.server.token}` };
    const secret = fs.readFileSync(path.join(review.root, 'proofsheet.config.json'), 'latin1');
    const attempts = [
      '/api/images/../../proofsheet.config.json',
      '/api/images/1/../../../proofsheet.config.json',
      '/api/images/1/..%2F..%2F..%2Fproofsheet.config.json',
      '/api/images/..%2F..%2Fproofsheet.config.json/thumb',
      '/api/images/%252e%252e%252fproofsheet.config.json/thumb',
      '/api/images/1/%252e%252e%252f%252e%252e%252fproofsheet.config.json',
      '/api/images/%2Fetc%2Fpasswd/thumb',
      '/api/images//etc/passwd',
      '/api/images/1/thumb%00.png',
      '/api/images/1/thumb.jpg',
      '/api/images/1e0/thumb',
      '/api/images/-1/thumb',
    ];
    for (const attempt of attempts) {
      const response = await rawGet(review.server.url, attempt, auth);
      expect({ attempt, ok: response.status >= 400 && response.status < 500 }).toEqual({ attempt, ok: true });
      expect(response.body).not.toContain(secret.slice(0, 30));
      expect(response.body).not.toContain('root:');
    }
  });

  test('a symlink planted in the derived folder is not followed out of it', async ({ review }) => {
    const derived = path.join(review.root, 'data/derived');
    fs.rmSync(path.join(derived, '1/thumb.jpg'));
    fs.symlinkSync(path.join(review.root, 'proofsheet.config.json'), path.join(derived, '1/thumb.jpg'));
    fs.rmSync(path.join(derived, '2'), { recursive: true });
    fs.symlinkSync('/etc', path.join(derived, '2'));
    for (const url of ['/api/images/1/thumb', '/api/images/2/thumb', '/api/images/2/preview']) {
      const response = await review.api(url);
      expect({ url, status: response.status }).toEqual({ url, status: 404 });
    }
  });
});
