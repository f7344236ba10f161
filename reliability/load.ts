// Load: the review server under RELIABILITY_LOAD_RATE requests/s (default 200) for
// RELIABILITY_LOAD_SECONDS (default 60) from a second process (autocannon), while `proofsheet run`
// processes set after set into the same database and the harness edits rows through the API.
// Zero errors, no lost edit (each edited row ends with its last saved caption), stable memory.
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { resolveConfig } from '@proofsheet/core';
import { createReviewServer } from '@proofsheet/review';
import { runAutocannon } from '@proofsheet/testkit/autocannon';
import { assertNothingLost } from './invariants.js';
import { cli, createProject, envNumber, makePhotos, runCase, stats, workDir } from './lib.js';

const FAMILY = 'load';

export async function runLoadFamily(): Promise<void> {
  const rate = envNumber('RELIABILITY_LOAD_RATE', 200);
  const seconds = envNumber('RELIABILITY_LOAD_SECONDS', 60);
  await runCase(FAMILY, `review server at ${rate} req/s for ${seconds} s during a run`, async () => {
    const work = workDir('load');
    const root = path.join(work, 'project');
    const first = path.join(work, 'set-0');
    await makePhotos(first, 4, 100);
    await createProject(root, first, { caption: { enabled: false } });
    await cli(['run', '--root', root], { expectCode: 0, timeoutMs: 300_000 });
    const resolved = resolveConfig({ env: {} });
    if (!resolved.ok) throw new Error('default config does not resolve');
    const server = await createReviewServer({ root, config: resolved.config, port: 0 });
    const auth = { authorization: `Bearer ${server.token}` };
    const rss: number[] = [];
    const sampler = setInterval(() => rss.push(process.memoryUsage().rss), 1000);
    const deadline = Date.now() + seconds * 1000;
    const problems: string[] = [];
    const sources = [first];
    let runs = 0;
    let edits = 0;
    let conflicts = 0;
    const lastSaved = new Map<number, string>();
    try {
      const load = runAutocannon(`${server.url}/api/rows?status=Pending&pageSize=100`, server.token, { rate, seconds });
      // Writer 1: the pipeline, one set after another, into the same database.
      const pipeline = (async () => {
        for (let n = 1; Date.now() < deadline; n += 1) {
          const folder = path.join(work, `set-${n}`);
          await makePhotos(folder, 6, 100 + n * 6);
          sources.push(folder);
          await cli(['set', 'add', folder, '--subject', 'Load', '--location', 'Here', '--category', 'Landscape', '--root', root], { expectCode: 0 });
          const run = await cli(['run', '--no-caption', '--root', root], { timeoutMs: 300_000 });
          runs += 1;
          if (run.code !== 0) problems.push(`run ${n} exited ${run.code}: ${run.stderr.slice(-200)}`);
        }
      })();
      // Writer 2: an operator editing captions through the API (read the version, save, re-read on a conflict).
      const editor = (async () => {
        for (let n = 0; Date.now() < deadline; n += 1) {
          const id = 1 + (n % 4);
          const detail = await fetch(`${server.url}/api/rows/${id}`, { headers: auth });
          if (!detail.ok) {
            problems.push(`GET /api/rows/${id}: ${detail.status}`);
            continue;
          }
          const { version } = (await detail.json()) as { version: number };
          const caption = `Edited under load, save number ${n}.`;
          const saved = await fetch(`${server.url}/api/rows/${id}`, { method: 'PATCH', headers: { ...auth, 'content-type': 'application/json' }, body: JSON.stringify({ version, Caption: caption }) });
          if (saved.status === 409) conflicts += 1;
          else if (!saved.ok) problems.push(`PATCH /api/rows/${id}: ${saved.status} ${(await saved.text()).slice(0, 200)}`);
          else {
            edits += 1;
            lastSaved.set(id, caption);
          }
          await sleep(250);
        }
      })();
      const [result] = await Promise.all([load, pipeline, editor]);
      // The rate is a ceiling for autocannon: a server that cannot keep up shows as a lower achieved rate.
      if (result.requests.average < rate * 0.9) problems.push(`load: ${result.requests.average} requests/s achieved of ${rate} asked (p99 ${result.latency.p99} ms)`);
      if (result.errors + result.timeouts + result.non2xx > 0) problems.push(`load: ${result.errors} errors, ${result.timeouts} timeouts, ${result.non2xx} non-2xx of ${result.requests.total}`);
      const rows = JSON.parse((await cli(['rows', '--root', root, '--json'], { expectCode: 0 })).stdout) as Array<{ id: number; Caption: string | null }>;
      for (const [id, caption] of lastSaved) if (rows.find((r) => r.id === id)?.Caption !== caption) problems.push(`row ${id}: the last saved caption was lost (has "${rows.find((r) => r.id === id)?.Caption}")`);
      const mb = (n: number): number => Math.round(n / 2 ** 20);
      const early = stats(rss.slice(5, 15)).median;
      const late = stats(rss.slice(-10)).median;
      if (late > early * 1.5 && late - early > 100 * 2 ** 20) problems.push(`memory grew from ${mb(early)} MB to ${mb(late)} MB`);
      if (problems.length > 0) throw new Error(problems.join('; '));
      await server.close();
      await assertNothingLost(root, { sources });
      return `${result.requests.total} requests (${result.requests.average}/s), p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms, max ${result.latency.max} ms, 0 errors; ${runs} runs into the same database; ${edits} edits saved (${conflicts} version conflicts re-read), none lost; RSS ${mb(early)} → ${mb(late)} MB (max ${mb(Math.max(...rss))})`;
    } finally {
      clearInterval(sampler);
      await server.close();
    }
  });
}
