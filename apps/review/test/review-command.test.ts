import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { resolveConfig } from '@proofsheet/core';
import { PROOFSHEET_BIN, runProofsheet } from '@proofsheet/testkit';
import { expect } from 'vitest';
import { createReviewServer } from '../src/index.js';
import { test } from './helpers.js';

/** Starts `proofsheet review` and resolves with the child and the URL line it printed. */
function startReview(root: string, args: string[]): Promise<{ child: ReturnType<typeof spawn>; open: string; output: () => string }> {
  const child = spawn(process.execPath, [PROOFSHEET_BIN, 'review', '--root', root, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer): void => {
      output += chunk.toString('utf8');
      const match = /Open (http:\/\/\S+\/\?token=\S+)/.exec(output);
      if (match?.[1]) resolve({ child, open: match[1], output: () => output });
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.on('exit', (code) => reject(new Error(`review exited ${code}: ${output}`)));
  });
}

test('proofsheet review prints a loopback URL with a token, serves the API, and stops cleanly on Ctrl+C', { timeout: 60_000 }, async ({ tmp }) => {
  const root = tmp.join('project');
  expect((await runProofsheet(['init', '--root', root])).code).toBe(0);
  const { child, open, output } = await startReview(root, ['--port', '0']);
  try {
    const url = new URL(open);
    expect(url.hostname).toBe('127.0.0.1');
    const token = url.searchParams.get('token') ?? '';
    expect(token.length).toBeGreaterThanOrEqual(40);
    expect((await fetch(`${url.origin}/api/health`)).status).toBe(200);
    expect((await fetch(`${url.origin}/api/rows`)).status).toBe(401);
    expect(await (await fetch(`${url.origin}/api/rows`, { headers: { authorization: `Bearer ${token}` } })).json()).toMatchObject({ total: 0, rows: [] });
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    child.kill('SIGINT');
    expect(await exited).toBe(0);
    expect(output()).toContain('Review server stopped.');
    const log = fs.readFileSync(path.join(root, 'logs/review.log'), 'utf8');
    expect(log).toContain('review server listening');
    expect(log).toContain('route=/api/rows');
    expect(log).not.toContain(token);
  } finally {
    child.kill('SIGKILL');
  }
});

test('proofsheet review refuses a non-loopback host unless review.allowRemote', async ({ tmp }) => {
  const root = tmp.join('project');
  expect((await runProofsheet(['init', '--root', root])).code).toBe(0);
  const refused = await runProofsheet(['review', '--root', root, '--host', '0.0.0.0', '--port', '0']);
  expect(refused.code).toBe(2);
  expect(refused.stderr).toContain('review.allowRemote');
});

test('with review.allowRemote a wildcard bind is served with a warning; the Origin must still match the Host the page was opened at', { timeout: 60_000 }, async ({ tmp }) => {
  const root = tmp.join('project');
  expect((await runProofsheet(['init', '--root', root])).code).toBe(0);
  const resolved = resolveConfig({ env: {} });
  if (!resolved.ok) throw new Error('default config does not resolve');
  const server = await createReviewServer({ root, config: resolved.config, host: '0.0.0.0', port: 0, allowRemote: true });
  try {
    expect(server.warnings).toEqual([expect.stringContaining('0.0.0.0')]);
    const base = `http://127.0.0.1:${server.port}`;
    const auth = { authorization: `Bearer ${server.token}`, 'content-type': 'application/json' };
    expect((await fetch(`${base}/api/rows`, { headers: auth })).status).toBe(200);
    const own = await fetch(`${base}/api/rows/decision`, { method: 'POST', headers: { ...auth, origin: base }, body: JSON.stringify({ ids: [1], decision: 'approve' }) });
    expect(own.status).toBe(200);
    const foreign = await fetch(`${base}/api/rows/decision`, { method: 'POST', headers: { ...auth, origin: 'http://evil.example' }, body: JSON.stringify({ ids: [1], decision: 'approve' }) });
    expect(foreign.status).toBe(403);
  } finally {
    await server.close();
  }
  await expect(createReviewServer({ root, config: resolved.config, host: '0.0.0.0', port: 0 })).rejects.toThrow(/review\.allowRemote/);
});
