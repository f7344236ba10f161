import fs from 'node:fs';
import path from 'node:path';
import { expect } from 'vitest';
import { closedPort, createSampleProject, runProofsheet, test } from '@proofsheet/testkit';

test('logging.keepRuns: doctor keeps its newest preflight reports; a run removes old run logs but never an unresolved run\'s', { timeout: 240_000 }, async ({ tmp }) => {
  const { root } = await createSampleProject(tmp);
  const env = { PROOFSHEET_LOGGING__KEEPRUNS: '1', PROOFSHEET_CAPTION__ENABLED: 'false' };
  for (let i = 0; i < 3; i += 1) {
    const doctor = await runProofsheet(['doctor', '--root', root], { env, timeoutMs: 60_000 });
    expect(doctor.stdout).toMatch(/Preflight report: .*logs\/preflight\/.*\.json/);
  }
  expect(fs.readdirSync(path.join(root, 'logs', 'preflight'))).toHaveLength(1);

  // A run that leaves rows waiting (captions on, Ollama away) is unresolved: its log must survive later runs.
  const away = { ...env, PROOFSHEET_CAPTION__ENABLED: 'true', PROOFSHEET_CAPTION__HOSTS: JSON.stringify([{ url: `http://127.0.0.1:${await closedPort()}`, slots: 1 }]) };
  const waiting = JSON.parse((await runProofsheet(['run', '--root', root, '--json'], { env: away, timeoutMs: 120_000 })).stdout) as { run_id: string; status: string };
  expect(waiting.status).toBe('waiting');
  const second = JSON.parse((await runProofsheet(['run', '--root', root, '--json'], { env: away, timeoutMs: 120_000 })).stdout) as { run_id: string };
  expect(fs.readdirSync(path.join(root, 'logs', 'runs')).sort()).toEqual([waiting.run_id, second.run_id].sort());
  // Captions off: every row reaches review, nothing is unresolved any more; keepRuns 1 leaves only the newest run's log.
  const third = JSON.parse((await runProofsheet(['run', '--root', root, '--json'], { env, timeoutMs: 120_000 })).stdout) as { run_id: string; status: string };
  expect(third.status).toBe('completed');
  const fourth = JSON.parse((await runProofsheet(['run', '--root', root, '--json'], { env, timeoutMs: 120_000 })).stdout) as { run_id: string | null };
  const kept = fs.readdirSync(path.join(root, 'logs', 'runs'));
  expect(kept).toEqual([fourth.run_id ?? third.run_id]);
});
