import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect } from 'vitest';
import { createOllamaStandIn, runProofsheet, test, type OllamaStandIn, type TempDir } from '@proofsheet/testkit';

// Issue 12 item 15: Ollama vanishing in the middle of `proofsheet run`, end to end: the real binary,
// the real queue and the Ollama stand-in, stopped while the caption stage has requests in flight.

const SAMPLES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../samples/landscapes');

type Row = { id: number; Review_Status: string; stage_done: number; error_code: string | null; Caption: string | null };

const servers: OllamaStandIn[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) await s.close();
});

async function projectWithSet(tmp: TempDir, caption: Record<string, unknown>): Promise<string> {
  const root = tmp.join('project');
  expect((await runProofsheet(['init', '--root', root])).code).toBe(0);
  fs.writeFileSync(path.join(root, 'proofsheet.config.json'), JSON.stringify({ caption }));
  const added = await runProofsheet(['set', 'add', SAMPLES, '--subject', 'Basque Mountains', '--location', 'Gipuzkoa', '--category', 'Landscape', '--root', root]);
  expect(added.code, added.stderr).toBe(0);
  return root;
}

async function rowsOf(root: string): Promise<Row[]> {
  return JSON.parse((await runProofsheet(['rows', '--root', root, '--json'])).stdout) as Row[];
}

async function waitFor(condition: () => boolean, timeoutMs = 90_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('proofsheet run: Ollama goes away mid-run', () => {
  test('the caption stage pauses, stops after caption.unavailableAfterSec with rows Queued (exit 3); resume captions them once Ollama is back', { timeout: 180_000 }, async ({ tmp }) => {
    const server = await createOllamaStandIn({ models: [{ name: 'qwen2.5vl:7b', parallel: 2 }] });
    servers.push(server);
    server.script({ match: (r) => r.images.length > 0, times: 2, behaviour: { kind: 'hang' } });
    const root = await projectWithSet(tmp, { hosts: [{ url: server.url, slots: 2 }], unavailableAfterSec: 1 });

    const running = runProofsheet(['run', '--root', root, '--json'], { timeoutMs: 120_000 });
    await waitFor(() => server.inferences().length === 2);
    await server.stop();
    const run = await running;

    expect(run.code, run.stderr).toBe(3);
    const report = JSON.parse(run.stdout) as { run_id: string; status: string; counts: Record<string, number>; log_dir: string };
    expect(report).toMatchObject({ status: 'waiting', counts: { files: 4, queued: 4, errors: 0, pending: 0, needs_work: 0, quarantined: 0 } });
    const stopped = new RegExp(`\\[WARN\\] Ollama unreachable at ${server.url} for 1\\.0 s \\(probed \\d+ times with backoff\\); caption stage stopped, remaining rows stay Queued`);
    expect(run.stderr).toMatch(stopped);
    expect(run.stderr).toContain('Continue with "proofsheet resume" once Ollama answers');
    expect((await rowsOf(root)).map((r) => [r.Review_Status, r.stage_done, r.error_code])).toEqual(Array(4).fill(['Queued', 6, null]));
    const runLog = fs.readFileSync(path.join(report.log_dir, 'run.log'), 'utf8');
    expect(runLog).toContain('ollama_unavailable_pausing');
    expect(runLog).toContain('ollama_probe');
    expect(runLog).toContain('caption_stage_stopped');
    expect(fs.existsSync(path.join(root, 'logs', 'crash.log'))).toBe(false);

    await server.start();
    const resumed = await runProofsheet(['resume', '--root', root, '--json'], { timeoutMs: 120_000 });
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(JSON.parse(resumed.stdout)).toMatchObject({ status: 'completed', counts: { pending: 4, errors: 0, quarantined: 0 } });
    for (const row of await rowsOf(root)) expect(row).toMatchObject({ Review_Status: 'Pending', stage_done: 7, error_code: null });
  });
});
