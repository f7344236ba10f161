import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { resolveConfig, type ConfigOverrides } from '@proofsheet/core';
import { PROOFSHEET_BIN, createTempDir, runProofsheet, test as base, type TempDir } from '@proofsheet/testkit';
import { createReviewServer, type ReviewServer } from '../src/index.js';

export const SAMPLES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../samples/landscapes');

/**
 * A project seeded by the real pipeline on the bundled landscapes (`init`, `set add`,
 * `run --no-caption` through the CLI), made once per test file; tests get their own copy.
 */
let template: { dir: TempDir; root: string } | null = null;

async function seedTemplate(): Promise<string> {
  if (template !== null) return template.root;
  const dir = createTempDir('proofsheet-review-seed-');
  const root = dir.join('project');
  const steps: string[][] = [
    ['init', '--root', root],
    ['set', 'add', SAMPLES, '--subject', 'Sierra', '--location', 'País Vasco', '--category', 'Landscapes', '--root', root],
    ['run', '--no-caption', '--root', root],
  ];
  for (const args of steps) {
    const run = await runProofsheet(args, { timeoutMs: 120_000 });
    if (run.code !== 0) throw new Error(`proofsheet ${args[0]} failed (${run.code}): ${run.stderr}`);
  }
  template = { dir, root };
  return root;
}

/** Removes the seeded template (call in afterAll). */
export function removeTemplate(): void {
  template?.dir.remove();
  template = null;
}

/** A started server over a fresh copy of the seeded project, and helpers to call it. */
export interface ServerFixture {
  readonly root: string;
  readonly server: ReviewServer;
  /** fetch with `Authorization: Bearer <token>`. */
  api(pathname: string, init?: RequestInit & { json?: unknown }): Promise<Response>;
  /** fetch with no credentials at all. */
  anonymous(pathname: string, init?: RequestInit): Promise<Response>;
  /** A browser session: the token exchanged for the cookie, and the CSRF token read from /api/session. */
  browser(): Promise<{ cookie: string; csrf: string }>;
}

function toInit(init: (RequestInit & { json?: unknown }) | undefined, headers: Record<string, string>): RequestInit {
  const { json, ...rest } = init ?? {};
  const all = { ...headers, ...(rest.headers as Record<string, string> | undefined) };
  if (json !== undefined) return { ...rest, headers: { 'content-type': 'application/json', ...all }, body: JSON.stringify(json) };
  return { ...rest, headers: all };
}

/** testkit's `test` (with `tmp`) plus `review`: a server on an ephemeral port over a seeded project, closed after the test. */
export const test = base.extend<{ review: ServerFixture }>({
  review: async ({ tmp }, use) => {
    const fixture = await startReviewServer(await copySeededProject(tmp));
    try {
      await use(fixture);
    } finally {
      await fixture.server.close();
    }
  },
});

/** A fresh copy of the seeded project under `tmp`; returns its root. */
export async function copySeededProject(tmp: TempDir): Promise<string> {
  const source = await seedTemplate();
  const root = tmp.join('project');
  fs.cpSync(source, root, { recursive: true });
  return root;
}

/** Starts a server over `root` (config file + `flags`) on an ephemeral port; the caller closes it. */
export async function startReviewServer(root: string, flags?: ConfigOverrides, busyTimeoutMs?: number): Promise<ServerFixture> {
  const resolved = resolveConfig({ env: {}, flags, file: { path: path.join(root, 'proofsheet.config.json'), text: fs.readFileSync(path.join(root, 'proofsheet.config.json'), 'utf8') } });
  if (!resolved.ok) throw new Error(`config does not resolve: ${JSON.stringify(resolved.issues)}`);
  const server = await createReviewServer({ root, config: resolved.config, port: 0, cli: { node: process.execPath, bin: PROOFSHEET_BIN }, ...(busyTimeoutMs !== undefined ? { busyTimeoutMs } : {}) });
  const bearer = { authorization: `Bearer ${server.token}` };
  return {
    root,
    server,
    api: (pathname, init) => fetch(`${server.url}${pathname}`, toInit(init, bearer)),
    anonymous: (pathname, init) => fetch(`${server.url}${pathname}`, init),
    async browser() {
      const exchange = await fetch(`${server.url}/?token=${encodeURIComponent(server.token)}`, { redirect: 'manual' });
      const cookie = exchange.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
      const session = (await (await fetch(`${server.url}/api/session`, { headers: { cookie } })).json()) as { csrfToken: string };
      return { cookie, csrf: session.csrfToken };
    },
  };
}

/** The rows of the seeded project, by id. */
export async function listRowIds(review: ServerFixture): Promise<number[]> {
  const body = (await (await review.api('/api/rows?sort=id')).json()) as { rows: Array<{ id: number }> };
  return body.rows.map((r) => r.id);
}
