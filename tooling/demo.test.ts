import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { closedPort, test } from '@proofsheet/testkit';
import { describe, expect } from 'vitest';

// `npm run demo` (scripts/demo.sh) makes the checkout it lives in a project. These tests run the
// real script from a scratch checkout (a temp dir linking this repository's apps/, samples/ and
// node_modules/, with scripts/demo.sh linked in), so the repository's own data/ is never touched.

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SCRIPT_BIN = '/usr/bin/script';

function createScratchCheckout(dir: string): string {
  for (const name of ['apps', 'samples', 'node_modules']) fs.symlinkSync(path.join(REPO, name), path.join(dir, name));
  fs.mkdirSync(path.join(dir, 'scripts'));
  fs.symlinkSync(path.join(REPO, 'scripts/demo.sh'), path.join(dir, 'scripts/demo.sh'));
  return path.join(dir, 'scripts/demo.sh');
}

/** The environment of a demo with Ollama unreachable, so the run needs no server at all. */
async function toDemoEnv(): Promise<Record<string, string>> {
  const env = Object.fromEntries(Object.entries(process.env).filter((e): e is [string, string] => e[1] !== undefined && !e[0].startsWith('PROOFSHEET_')));
  return { ...env, OLLAMA_HOST: `http://127.0.0.1:${await closedPort()}`, PROOFSHEET_REVIEW__PORT: '0' };
}

interface Finished { code: number | null; output: string }

function waitForExit(child: ReturnType<typeof spawn>, read: () => string): Promise<Finished> {
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, output: read() }));
  });
}

describe('npm run demo', () => {
  test('piped (not a terminal): runs the pipeline on the samples, shows the status and exits without starting the review server', { timeout: 180_000 }, async ({ tmp }) => {
    const demo = createScratchCheckout(tmp.path);
    const child = spawn('bash', [demo], { cwd: tmp.path, env: await toDemoEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    const finished = await waitForExit(child, () => output);
    expect(finished.code, finished.output).toBe(0);
    expect(finished.output).toContain('proofsheet run --no-caption');
    expect(finished.output).toMatch(/Pending/);
    expect(finished.output).not.toContain('review server');
    expect(finished.output).not.toContain('?token=');
    expect(fs.existsSync(path.join(tmp.path, 'proofsheet.config.json'))).toBe(true);
  });

  // `script` (util-linux) gives the demo a terminal; Ctrl+C typed into it reaches the review server.
  // script runs its command through $SHELL (/bin/sh when unset, as in CI); `exec` makes that shell
  // become the demo, or dash, still waiting in the terminal's process group, dies of the Ctrl+C (130).
  test.skipIf(!fs.existsSync(SCRIPT_BIN))('in a terminal: ends by serving the review page on the demo project, printing the URL with the token, until Ctrl+C', { timeout: 180_000 }, async ({ tmp }) => {
    const demo = createScratchCheckout(tmp.path);
    const child = spawn(SCRIPT_BIN, ['-qefc', `exec bash ${demo}`, '/dev/null'], { cwd: tmp.path, env: await toDemoEnv(), stdio: ['pipe', 'pipe', 'pipe'] });
    let output = '';
    const open = new Promise<string>((resolve) => {
      child.stdout?.on('data', (chunk: Buffer) => {
        output += chunk.toString('utf8');
        const match = /Open (http:\/\/\S+\/\?token=[\w-]+)/.exec(output);
        if (match?.[1]) resolve(match[1]);
      });
    });
    const finished = waitForExit(child, () => output);
    try {
      const url = new URL(await Promise.race([open, finished.then((f) => { throw new Error(`the demo exited ${f.code} before serving:\n${f.output}`); })]));
      const token = url.searchParams.get('token') ?? '';
      const rows = (await (await fetch(`${url.origin}/api/rows`, { headers: { authorization: `Bearer ${token}` } })).json()) as { total: number };
      expect(rows.total).toBe(4);
      child.stdin?.write('\x03');
      const { code, output: all } = await finished;
      expect(code, all).toBe(0);
      expect(all).toContain('Starting the review server on the demo project (Ctrl+C stops it):');
      expect(all).toContain('Review server stopped.');
    } finally {
      child.kill('SIGKILL');
    }
  });
});
