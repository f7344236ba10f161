import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect } from 'vitest';
import { PROOFSHEET_BIN, createOllamaStandIn, runProofsheet, test, type TempDir } from '@proofsheet/testkit';

const SAMPLES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../samples/landscapes');

type RowJson = { Review_Status: string; stage_done: number; error_code: string | null };

async function project(tmp: TempDir, name: string): Promise<string> {
  const root = tmp.join(name);
  expect((await runProofsheet(['init', '--root', root])).code).toBe(0);
  expect((await runProofsheet(['set', 'add', SAMPLES, '--subject', 'Basque Mountains', '--location', 'Gipuzkoa', '--category', 'Landscape', '--root', root])).code).toBe(0);
  return root;
}

/** Runs `proofsheet run`, sends SIGINT `times` times once the first caption request arrives, and reports how it ended. */
async function interruptRun(root: string, env: Record<string, string>, firstRequest: Promise<void>, times: 1 | 2): Promise<{ code: number | null; stderr: string }> {
  const child = spawn(process.execPath, [PROOFSHEET_BIN, 'run', '--root', root], { env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  await firstRequest;
  child.kill('SIGINT');
  if (times === 2) {
    await new Promise((resolve) => setTimeout(resolve, 200));
    child.kill('SIGINT');
  }
  return { code: await exited, stderr };
}

describe('Ctrl+C during a run', () => {
  test('the first stops cleanly after the rows in progress (exit 3); a second exits at once; resume finishes both', { timeout: 300_000 }, async ({ tmp }) => {
    const ollama = await createOllamaStandIn({ models: [{ name: 'qwen2.5vl:7b', parallel: 1, latencyMs: 1500 }] });
    const env = { PROOFSHEET_CAPTION__HOSTS: JSON.stringify([{ url: ollama.url, slots: 1 }]) };
    const chatArrived = () =>
      new Promise<void>((resolve) => {
        const timer = setInterval(() => {
          if (ollama.requests.some((r) => r.path === '/api/chat' && JSON.stringify(r.body).includes('"images"'))) {
            clearInterval(timer);
            resolve();
          }
        }, 20);
      });
    try {
      const graceful = await project(tmp, 'graceful');
      const first = await interruptRun(graceful, env, chatArrived(), 1);
      expect(first.code, first.stderr).toBe(3);
      expect(first.stderr).toContain('stopping after the rows in progress');
      const rows = JSON.parse((await runProofsheet(['rows', '--root', graceful, '--json'])).stdout) as RowJson[];
      expect(rows.filter((r) => r.Review_Status === 'Pending').length).toBeGreaterThanOrEqual(1); // the row being captioned finished
      expect(rows.filter((r) => r.Review_Status === 'Queued').length).toBeGreaterThanOrEqual(1); // the rest wait at their checkpoint
      expect(rows.every((r) => r.error_code === null)).toBe(true);
      expect(fs.readFileSync(path.join(graceful, 'logs', 'latest_run.log'), 'utf8')).toContain('stopped on request');

      ollama.requests.length = 0;
      const hard = await project(tmp, 'hard');
      const second = await interruptRun(hard, env, chatArrived(), 2);
      expect(second.code, second.stderr).toBe(130);
      for (const root of [graceful, hard]) {
        const resumed = await runProofsheet([root === hard ? 'resume' : 'run', '--root', root, '--json'], { env, timeoutMs: 120_000 });
        expect(resumed.code, resumed.stderr).toBe(0);
        const after = JSON.parse((await runProofsheet(['rows', '--root', root, '--json'])).stdout) as RowJson[];
        expect(after.map((r) => r.Review_Status)).toEqual(Array(4).fill('Pending'));
      }
    } finally {
      await ollama.close();
    }
  });
});
