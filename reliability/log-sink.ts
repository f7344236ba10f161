// Fault: the MySQL database log sink dies in the middle of a run (seed: no silent logging failure).
// The run must finish its rows, and the failure must show: on the run's stderr, in its run.log, or
// as the sink DOWN in `proofsheet status --json`.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { MysqlClient } from '@proofsheet/publisher';
import { PROOFSHEET_BIN } from '../packages/testkit/src/cli.js';
import type { PrivateMariadb } from '../packages/testkit/src/mariadb-instance.js';
import { createOllamaStandIn } from '../packages/testkit/src/ollama-stand-in/index.js';
import { assertNothingLost } from './invariants.js';
import { cli, createProject, waitFor } from './lib.js';

export async function logSinkDiesMidRun(root: string, photos: string, mariadb: PrivateMariadb, admin: MysqlClient, required: boolean): Promise<string> {
  const database = `reliability_logs_${required ? 'required' : 'optional'}`;
  await admin.execute(`CREATE DATABASE ${database}`);
  // Slow captions keep the run going long enough to lose its sink in the middle.
  const ollama = await createOllamaStandIn({ models: [{ name: 'qwen2.5vl:7b', parallel: 1, latencyMs: 1500 }] });
  try {
    await createProject(root, photos, {
      caption: { hosts: [{ url: ollama.url, slots: 1 }] },
      logging: { database: { kind: 'mysql', url: `mysql://root@${mariadb.host}:${mariadb.port}/${database}`, required } },
    });
    const env: Record<string, string> = {};
    for (const [key, value] of Object.entries(process.env)) if (value !== undefined && !key.startsWith('PROOFSHEET_')) env[key] = value;
    const child = spawn(process.execPath, [PROOFSHEET_BIN, 'run', '--root', root, '--json'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const exited = new Promise<number | null>((resolve) => child.once('close', (code) => resolve(code)));
    let code: number | null;
    try {
      await waitFor(() => ollama.inferences().length >= 1 || child.exitCode !== null, 'the first caption request', 120_000);
      await mariadb.kill('SIGKILL');
      code = await exited;
    } finally {
      await mariadb.start();
    }
    const status = JSON.parse((await cli(['status', '--root', root, '--json'], { expectCode: 0 })).stdout) as { sinks: Array<{ name: string; alive: boolean; errors: number }> };
    const sink = status.sinks.find((s) => s.name === 'database');
    const runDir = path.join(root, 'logs', 'runs');
    const runLogs = fs.existsSync(runDir) ? fs.readdirSync(runDir).map((d) => path.join(runDir, d, 'run.log')).filter((f) => fs.existsSync(f)).map((f) => fs.readFileSync(f, 'utf8')).join('\n') : '';
    const shown = [
      /database/i.test(stderr) && /sink|log/i.test(stderr) ? 'stderr' : '',
      /sink=database|log sink .*database/i.test(runLogs) ? 'run.log' : '',
      sink && (!sink.alive || sink.errors > 0) ? `status (alive=${sink.alive}, errors=${sink.errors})` : '',
    ].filter(Boolean);
    // SPEC §8: never only in the sink that failed — in status, and in the run's own output or log.
    if (!shown.some((s) => s.startsWith('status')) || !shown.some((s) => s === 'stderr' || s === 'run.log')) {
      throw new Error(`the database log sink died mid-run (run exit ${code}) and it shows only in: ${shown.join(', ') || 'nothing'} (status: ${JSON.stringify(sink)})`);
    }
    // Whatever the run did, the work must be completable and nothing lost.
    for (let i = 0; i < 3; i += 1) {
      const state = JSON.parse((await cli(['rows', '--root', root, '--json'], { expectCode: 0 })).stdout) as Array<{ stage_done: number; Review_Status: string }>;
      if (state.every((r) => r.Review_Status !== 'Queued')) break;
      await cli(['resume', '--root', root], { timeoutMs: 300_000 });
    }
    await assertNothingLost(root, { sources: [photos] });
    return `run exit ${code} ${stdout.includes('"status"') ? `(${(JSON.parse(stdout) as { status: string }).status})` : ''}; failure shown by ${shown.join(', ')}${shown.includes('stderr') ? '' : '; nothing on stderr'}`;
  } finally {
    await ollama.close();
  }
}
