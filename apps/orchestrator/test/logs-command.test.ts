import { spawn } from 'node:child_process';
import { expect } from 'vitest';
import { openLogRuntime } from '@proofsheet/log';
import { PROOFSHEET_BIN, runProofsheet, test } from '@proofsheet/testkit';

const OLD = 'run_20261122_090000_cli';
const LATEST = 'run_20261122_100000_cli';

function normalise(text: string): string {
  return text.replace(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z/g, '<time>').replace(/pid=\d+/g, 'pid=<pid>');
}

async function writeRuns(logsDir: string): Promise<void> {
  const runtime = await openLogRuntime({ logsDir, healthRefreshMs: 0 });
  const old = runtime.openRunLogger({ runId: OLD });
  old.info('old run line');
  old.close();
  const run = runtime.openRunLogger({ runId: LATEST, start: { trigger: 'cli' } });
  run.stageStart('derive', 2);
  run.rowFinished({ stage: 'derive', row_id: 1, File_Name: 'A_001.JPG', outcome: 'done', duration_ms: 40 });
  run.stageComplete('derive', { processed: 1, elapsed_ms: 41 });
  run.runEnd({ files: 1 }, 'completed');
  run.close();
  await runtime.close();
}

test('logs shows the tail of the latest run; a run id picks another; --json gives trace events', { timeout: 60_000 }, async ({ tmp }) => {
  await writeRuns(tmp.join('logs'));
  const tail = await runProofsheet(['logs', '--root', tmp.path, '--tail', '3']);
  expect(tail.code).toBe(0);
  expect(normalise(tail.stdout)).toMatchInlineSnapshot(`
    "<time> [INFO] row finished stage run_id=run_20261122_100000_cli stage=derive row_id=1 File_Name=A_001.JPG outcome=done duration_ms=40
    <time> [INFO] stage complete run_id=run_20261122_100000_cli stage=derive processed=1 elapsed_ms=41
    <time> [INFO] run finished run_id=run_20261122_100000_cli counts={"files":1} status=completed
    "
  `);
  const old = await runProofsheet(['logs', OLD, '--root', tmp.path]);
  expect(normalise(old.stdout)).toContain('[INFO] old run line run_id=run_20261122_090000_cli');

  const json = await runProofsheet(['logs', '--root', tmp.path, '--json', '--tail', '2']);
  expect(JSON.parse(json.stdout)).toEqual({
    run_id: LATEST,
    events: [
      expect.objectContaining({ event: 'stage_complete', run_id: LATEST, stage: 'derive', processed: 1, elapsed_ms: 41 }),
      expect.objectContaining({ event: 'run_end', run_id: LATEST, counts: { files: 1 }, status: 'completed' }),
    ],
  });
});

test('an unknown run and a bad --tail are usage errors', { timeout: 60_000 }, async ({ tmp }) => {
  const none = await runProofsheet(['logs', '--root', tmp.path]);
  expect(none.code).toBe(2);
  expect(none.stderr.split(tmp.path).join('<root>')).toBe('error [RUN_NOT_FOUND]: no runs logged under <root>/logs/runs\n');
  await writeRuns(tmp.join('logs'));
  const unknown = await runProofsheet(['logs', 'run_20261122_235959_cli', '--root', tmp.path]);
  expect(unknown.stderr.split(tmp.path).join('<root>')).toBe('error [RUN_NOT_FOUND]: no logs for run "run_20261122_235959_cli" under <root>/logs/runs\n');
  const bad = await runProofsheet(['logs', '--root', tmp.path, '--tail', 'many']);
  expect(bad.code).toBe(2);
  expect(bad.stderr).toContain('error [USAGE]: --tail needs a whole number of lines, got "many"');
});

test('--follow prints lines as a live run writes them and stops when the run ends', { timeout: 60_000 }, async ({ tmp }) => {
  const runtime = await openLogRuntime({ logsDir: tmp.join('logs'), healthRefreshMs: 0 });
  const run = runtime.openRunLogger({ runId: LATEST });
  run.info('before follow');
  const child = spawn(process.execPath, [PROOFSHEET_BIN, 'logs', '--follow', '--tail', '1', '--root', tmp.path], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
  try {
    const deadline = Date.now() + 20_000;
    while (!stdout.includes('before follow') && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    run.info('while following');
    run.runEnd({ files: 0 }, 'completed');
    expect(await exited).toBe(0);
  } finally {
    child.kill('SIGKILL');
    run.close();
    await runtime.close();
  }
  expect(normalise(stdout).split('\n').map((line) => line.replace(/ run_id=\S+/, ''))).toEqual([
    '<time> [INFO] before follow',
    '<time> [INFO] while following',
    '<time> [INFO] run finished counts={"files":0} status=completed',
    '',
  ]);
});
