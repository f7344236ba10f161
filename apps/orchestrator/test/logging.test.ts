import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect } from 'vitest';
import { readSinkHealth } from '@proofsheet/log';
import { openDatabase } from '@proofsheet/queue';
import { runProofsheet, test, type TempDir } from '@proofsheet/testkit';

const FIXTURE = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures/logging-cli.ts');
const RUN = 'run_20261122_130000_cli';
const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

interface Child {
  readonly stdout: () => string;
  readonly stderr: () => string;
  readonly pid: number;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  kill(signal: NodeJS.Signals): void;
}

/** Spawns the fixture CLI (the real process boundary plus test commands). */
function spawnFixture(args: readonly string[], env: Record<string, string> = {}): Child {
  const clean = Object.fromEntries(Object.entries(process.env).filter(([k, v]) => v !== undefined && !/^(PROOFSHEET_|FTP_PASSWORD|MYSQL_PASSWORD)/.test(k))) as Record<string, string>;
  const child = spawn(process.execPath, ['--import', 'tsx', FIXTURE, ...args], { cwd: REPO_ROOT, env: { ...clean, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const timer = setTimeout(() => child.kill('SIGKILL'), 25_000);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal });
    }),
  );
  return { stdout: () => stdout, stderr: () => stderr, pid: child.pid ?? -1, exited, kill: (signal) => void child.kill(signal) };
}

async function waitFor(check: () => boolean, what: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

function writeConfig(tmp: TempDir, config: unknown): void {
  tmp.write('proofsheet.config.json', JSON.stringify(config));
}

function readLines(file: string): string[] {
  return fs.readFileSync(file, 'utf8').trimEnd().split('\n');
}

test('SIGTERM mid-run keeps every line logged before the signal and exits 143', { timeout: 60_000 }, async ({ tmp }) => {
  const child = spawnFixture(['log-loop', '--root', tmp.path]);
  await waitFor(() => /logged [1-9]\d{3}\n/.test(child.stdout()), 'a thousand lines');
  child.kill('SIGTERM');
  const { code } = await child.exited;
  const reported = Math.max(...[...child.stdout().matchAll(/logged (\d+)/g)].map((m) => Number(m[1])));
  expect(code).toBe(143);

  const trace = readLines(tmp.join('logs/runs', RUN, 'trace.jsonl')).map((line) => JSON.parse(line) as { event: string; row_id?: number });
  const rows = trace.filter((e) => e.event === 'row_stage_finished').map((e) => e.row_id);
  expect(rows.length).toBeGreaterThanOrEqual(reported);
  expect(rows).toEqual(rows.map((_, i) => i));
  const runLogRows = readLines(tmp.join('logs/runs', RUN, 'run.log')).filter((line) => line.includes('row finished stage'));
  expect(runLogRows.length).toBe(rows.length);
  expect(readLines(tmp.join('logs/runs', RUN, 'stage_5.log')).filter((line) => line.includes('row finished stage')).length).toBe(rows.length);
  expect(readSinkHealth(tmp.join('logs')).find((s) => s.name === 'trace')?.lines).toBe(trace.length);
});

test('an uncaught exception lands in logs/crash.log with its stack (secrets masked) and the process exits 70', { timeout: 60_000 }, async ({ tmp }) => {
  const child = spawnFixture(['crash-later', '--root', tmp.path], { PROOFSHEET_MYSQL_PASSWORD: 'crash-pw-5511' });
  const { code } = await child.exited;
  expect(code).toBe(70);
  const crash = fs.readFileSync(tmp.join('logs/crash.log'), 'utf8');
  expect(crash).toMatch(/^\d{4}-\d\d-\d\dT[\d:.]+Z \[FATAL\] uncaughtException \(pid \d+\)\nError: boom while talking to mysql:\/\/app:\*\*\*@db\.example\/catalog\n {4}at Timeout\._onTimeout \(.*logging-cli\.ts:\d+:\d+\)/);
  expect(crash).not.toContain('crash-pw-5511');
  expect(child.stderr()).toContain(`crash recorded in ${tmp.join('logs/crash.log')}`);
  expect(child.stderr()).not.toContain('crash-pw-5511');
});

test('a password set in config or env never appears in any log file, even inside an error message', { timeout: 60_000 }, async ({ tmp }) => {
  // A password inside logging.database.url is only accepted from the environment (the config loader refuses it in the file).
  writeConfig(tmp, { logging: { database: { kind: 'mysql', url: 'mysql://app@127.0.0.1:1/logs', required: false } } });
  const child = spawnFixture(['leak-secrets', '--root', tmp.path], {
    PROOFSHEET_LOGGING__DATABASE__URL: 'mysql://app:cfg-secret-77@127.0.0.1:1/logs',
    PROOFSHEET_MYSQL_PASSWORD: 'env-secret-42',
    PROOFSHEET_FTP_PASSWORD: 'ftp-secret-9',
  });
  const { code } = await child.exited;
  expect(code).toBe(3);
  const files = fs.readdirSync(tmp.join('logs'), { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => path.join(e.parentPath, e.name));
  expect(files.map((f) => path.relative(tmp.path, f)).sort()).toEqual([
    'logs/publish.log', `logs/runs/${RUN}/run.log`, `logs/runs/${RUN}/stage_7.log`, `logs/runs/${RUN}/trace.jsonl`, 'logs/sink_health.json',
  ]);
  const everything = files.map((f) => fs.readFileSync(f, 'utf8')).join('\n') + child.stdout() + child.stderr();
  for (const secret of ['cfg-secret-77', 'env-secret-42', 'ftp-secret-9']) expect(everything).not.toContain(secret);
  const runLog = fs.readFileSync(tmp.join('logs/runs', RUN, 'run.log'), 'utf8');
  expect(runLog).toContain('cannot reach mysql://app:***@127.0.0.1:1/logs with ***');
  expect(runLog).toMatch(/message mentioning \*\*\* .*password=\*\*\* ftp=\{"password":"\*\*\*"\} headers=\{"authorization":"\*\*\*"\} note="pw=\*\*\*"/);
  expect(fs.readFileSync(tmp.join('logs/publish.log'), 'utf8')).toContain('upload via ftp://user:***@ftp.example/ failed');
  expect(child.stderr()).toContain('error [MYSQL_CONNECT]: giving up on mysql://app:***@127.0.0.1:1/logs (password ***)');
});

describe('log sinks at startup', () => {
  test('a read-only logs/ directory stops startup with a clear error (exit 3), not a silent run', { timeout: 60_000 }, async ({ tmp }) => {
    fs.mkdirSync(tmp.join('logs'));
    const lock = makeReadOnly(tmp.join('logs'));
    try {
      const child = spawnFixture(['log-loop', '--lines', '5', '--root', tmp.path]);
      const { code } = await child.exited;
      expect(code).toBe(3);
      expect(child.stderr().split(tmp.path).join('<root>')).toMatch(/^error \[LOG_SINK_FAILED\]: log sink "logs_dir" cannot open <root>\/logs: (EPERM|EROFS|EACCES)[^\n]*\n$/);
      expect(child.stdout()).toBe('');
    } finally {
      lock.release();
    }
    expect(fs.readdirSync(tmp.join('logs'))).toEqual([]);
  });

  test('a required database sink that cannot be reached stops startup, naming the sink and the reason', { timeout: 60_000 }, async ({ tmp }) => {
    writeConfig(tmp, { logging: { database: { kind: 'mysql', url: 'mysql://app@127.0.0.1:1/logs', required: true } } });
    const child = spawnFixture(['log-loop', '--lines', '5', '--root', tmp.path], { PROOFSHEET_LOGGING__DATABASE__URL: 'mysql://app:db-pw-1@127.0.0.1:1/logs' });
    const { code } = await child.exited;
    expect(code).toBe(3);
    expect(child.stderr()).toMatch(/^error \[LOG_SINK_FAILED\]: log sink "database" cannot open mysql:\/\/app@127\.0\.0\.1:1\/logs: MySQL app@127\.0\.0\.1:1\/logs: connect ECONNREFUSED 127\.0\.0\.1:1 \(ECONNREFUSED\)\n$/);
    expect(child.stderr()).not.toContain('db-pw-1');
    expect(fs.existsSync(tmp.join('logs/runs', RUN))).toBe(false);
  });

  test('a SQLite database sink (logging.database kind sqlite) receives every event, flushed before exit', { timeout: 60_000 }, async ({ tmp }) => {
    writeConfig(tmp, { logging: { database: { kind: 'sqlite', url: 'sqlite:data/logs.db', required: true } } });
    const child = spawnFixture(['log-loop', '--lines', '250', '--root', tmp.path]);
    expect((await child.exited).code).toBe(0);
    const db = openDatabase(tmp.join('data/logs.db'));
    const events = db.prepare(`SELECT event, count(*) AS n FROM system_logs WHERE run_id = ? GROUP BY event ORDER BY event`).all(RUN);
    db.close();
    expect(events).toEqual([
      { event: 'row_stage_finished', n: 250 }, { event: 'run_end', n: 1 }, { event: 'run_start', n: 1 }, { event: 'stage_complete', n: 1 }, { event: 'stage_start', n: 1 },
    ]);
    expect(readSinkHealth(tmp.join('logs')).find((s) => s.name === 'database')).toMatchObject({ required: true, alive: true, lines: 254, errors: 0 });
  });

  test('an optional database sink that cannot be reached warns, the run goes on, and status/doctor show it down', { timeout: 60_000 }, async ({ tmp }) => {
    writeConfig(tmp, { logging: { database: { kind: 'mysql', url: 'mysql://app@127.0.0.1:1/logs', required: false } } });
    await runProofsheet(['init', '--root', tmp.path]);
    const child = spawnFixture(['log-loop', '--lines', '5', '--root', tmp.path]);
    const { code } = await child.exited;
    expect(code).toBe(0);
    expect(child.stderr()).toMatch(/^warning: optional log sink "database" \(mysql:\/\/app@127\.0\.0\.1:1\/logs\) is unavailable: .*ECONNREFUSED/);
    expect(fs.readFileSync(tmp.join('logs/runs', RUN, 'run.log'), 'utf8')).toMatch(/\[WARN\] log sink unavailable .*sink=database required=false/);

    const doctor = await runProofsheet(['doctor', '--root', tmp.path, '--json']);
    const check = (JSON.parse(doctor.stdout) as { checks: Array<{ name: string; ok: boolean; required: boolean; detail: string }> }).checks.find((c) => c.name === 'log_sinks');
    expect(check).toMatchObject({ ok: false, required: false, detail: expect.stringMatching(/self-test failed: .*ECONNREFUSED.*recorded: .*database DOWN/) });

    const status = await runProofsheet(['status', '--root', tmp.path, '--json']);
    expect(status.code).toBe(0);
    const sinks = (JSON.parse(status.stdout) as { sinks: Array<Record<string, unknown>> }).sinks;
    expect(sinks.find((s) => s.name === 'database')).toMatchObject({ name: 'database', required: false, alive: false, errors: 1, last_write: null });
    expect(sinks.find((s) => s.name === 'run_log')).toMatchObject({ required: true, alive: true, errors: 0, last_write: expect.any(String) });
  });
});

/** Makes `dir` unwritable even for root: `chattr +i`, else a read-only tmpfs mounted over it. */
function makeReadOnly(dir: string): { release(): void } {
  if (spawnSync('chattr', ['+i', dir]).status === 0) return { release: () => void spawnSync('chattr', ['-i', dir]) };
  if (spawnSync('mount', ['-t', 'tmpfs', '-o', 'ro,size=1m', 'tmpfs', dir]).status === 0) return { release: () => void spawnSync('umount', [dir]) };
  throw new Error('cannot make a directory read-only here (need chattr +i or mount)');
}
