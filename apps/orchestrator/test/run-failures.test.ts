import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect } from 'vitest';
import { createRun, finishRun, getRun, openDatabase, openQueueDatabase } from '@proofsheet/queue';
import { closedPort, createSampleProject, deadPid, readProjectRows, runProofsheet, sha256File as sha256, test, type TempDir } from '@proofsheet/testkit';

/** Captions off: these tests are about stages 2–6 and the database, not Ollama. */
const NO_CAPTION = { PROOFSHEET_CAPTION__ENABLED: 'false' };

type Row = { id: number; Review_Status: string; stage_done: number; error_code: string | null; incoming_path: string; content_sha256: string };
type TraceEvent = { event?: string; stage?: string; error_code?: string; outcome?: string; processed?: number; done?: number; total?: number };

async function projectWithSet(tmp: TempDir): Promise<string> {
  return (await createSampleProject(tmp)).root;
}

const rowsOf = (root: string): Promise<Row[]> => readProjectRows<Row>(root);

function traceOf(logDir: string): TraceEvent[] {
  return fs.readFileSync(path.join(logDir, 'trace.jsonl'), 'utf8').trim().split('\n').map((line) => JSON.parse(line) as TraceEvent);
}

/** Mounts a tmpfs of `size` at `dir` (root only); returns how to unmount it, or null where mounting is not permitted. */
function mountTinyFs(dir: string, size: string): (() => void) | null {
  fs.mkdirSync(dir, { recursive: true });
  if (spawnSync('mount', ['-t', 'tmpfs', '-o', `size=${size}`, 'tmpfs', dir]).status !== 0) return null;
  return () => {
    if (spawnSync('umount', [dir]).status !== 0) spawnSync('umount', ['-l', dir]);
  };
}

describe('a run stops, classifies and recovers when its environment fails', () => {
  test('a full disk under data/derived stops the run within the rows in flight (exit 3); resume finishes every row', { timeout: 180_000 }, async ({ tmp, skip }) => {
    const root = await projectWithSet(tmp);
    const derived = path.join(root, 'data', 'derived');
    // Room for the first row's three derivatives (about 0.5 MB), not for the second's.
    const unmount = mountTinyFs(derived, '900k');
    if (!unmount) return skip('mounting a tmpfs is not permitted here');
    let logDir: string;
    try {
      const run = await runProofsheet(['run', '--root', root, '--json'], { env: NO_CAPTION, timeoutMs: 120_000 });
      expect(run.code, run.stderr).toBe(3);
      const report = JSON.parse(run.stdout) as { status: string; log_dir: string } | undefined;
      logDir = report?.log_dir ?? fs.readdirSync(path.join(root, 'logs', 'runs')).map((d) => path.join(root, 'logs', 'runs', d))[0]!;
      expect(run.stderr).toMatch(/DISK_FULL/);
      const rows = await rowsOf(root);
      // Nothing is blamed on the rows: no Error row; one row got through stages 5-6, the rest wait at stage 4.
      expect(rows.filter((r) => r.Review_Status === 'Error')).toEqual([]);
      expect(rows.map((r) => r.stage_done).sort()).toEqual([4, 4, 4, 7]);
      const trace = traceOf(logDir);
      expect(trace.filter((e) => e.event === 'stage_error')).toMatchObject([{ stage: 'quality', error_code: 'DISK_FULL' }]);
      // Rows were stopped from entering stages 5-6 once the disk was full: two decodes (the row that fitted, the one that failed), not four.
      expect(trace.filter((e) => e.event === 'row_stage_finished' && e.stage === 'quality')).toHaveLength(1);
      expect(fs.readdirSync(derived).filter((name) => /^\d+$/.test(name)).length).toBeLessThanOrEqual(2);
      expect(trace.filter((e) => e.event === 'run_end').at(-1)).toMatchObject({ status: 'aborted' });
    } finally {
      unmount();
    }
    const resumed = await runProofsheet(['resume', '--root', root, '--json'], { env: NO_CAPTION, timeoutMs: 120_000 });
    expect(resumed.code, resumed.stderr).toBe(0);
    expect((await rowsOf(root)).map((r) => [r.Review_Status, r.stage_done])).toEqual(Array(4).fill(['Pending', 7]));
  });

  test('another process holding the write lock: run exits 3 (DB_BUSY, resumable), doctor names the holder', { timeout: 120_000 }, async ({ tmp }) => {
    const root = await projectWithSet(tmp);
    const database = path.join(root, 'data', 'proofsheet.db');
    const holder = openDatabase(database);
    try {
      holder.exec('BEGIN IMMEDIATE');
      const run = await runProofsheet(['run', '--root', root], { env: NO_CAPTION, timeoutMs: 90_000 });
      expect(run.code, run.stderr).toBe(3);
      expect(run.stderr).toMatch(/DB_BUSY/);
      expect(run.stderr).toMatch(/locked by another process/);
      expect(fs.existsSync(path.join(root, 'logs', 'crash.log')) ? fs.readFileSync(path.join(root, 'logs', 'crash.log'), 'utf8') : '').not.toMatch(/SQLITE_BUSY/);

      const doctor = await runProofsheet(['doctor', '--root', root, '--json'], { env: NO_CAPTION, timeoutMs: 60_000 });
      const check = (JSON.parse(doctor.stdout) as { checks: Array<{ name: string; ok: boolean; detail: string }> }).checks.find((c) => c.name === 'database');
      expect(check).toMatchObject({ ok: false, detail: expect.stringContaining(`write-locked by process ${process.pid}`) });
    } finally {
      if (holder.inTransaction) holder.exec('ROLLBACK');
      holder.close();
    }
    // A holder that owns a run is named by its run.
    const db = openQueueDatabase(database);
    const owned = createRun(db, { trigger: 'cli' });
    try {
      db.exec('BEGIN IMMEDIATE');
      const doctor = await runProofsheet(['doctor', '--root', root, '--json'], { env: NO_CAPTION, timeoutMs: 60_000 });
      const check = (JSON.parse(doctor.stdout) as { checks: Array<{ name: string; detail: string }> }).checks.find((c) => c.name === 'database');
      expect(check?.detail).toContain(`write-locked by run ${owned.id} (pid ${process.pid})`);
    } finally {
      db.exec('ROLLBACK');
      finishRun(db, owned.id, { status: 'aborted' });
      db.close();
    }
    const doctor = await runProofsheet(['doctor', '--root', root, '--json'], { env: NO_CAPTION, timeoutMs: 60_000 });
    const check = (JSON.parse(doctor.stdout) as { checks: Array<{ name: string; ok: boolean; detail: string }> }).checks.find((c) => c.name === 'database');
    expect(check).toMatchObject({ ok: true, detail: expect.stringContaining('no writer holds the lock') });
  });

  test('resume claims its run before any recovery work: while it cannot claim, no copy is restaged and no run is finished', { timeout: 180_000 }, async ({ tmp }) => {
    const root = await projectWithSet(tmp);
    const unreachable = { PROOFSHEET_CAPTION__HOSTS: JSON.stringify([{ url: `http://127.0.0.1:${await closedPort()}`, slots: 1 }]) };
    expect((await runProofsheet(['run', '--root', root], { env: unreachable, timeoutMs: 120_000 })).code).toBe(3);
    const database = path.join(root, 'data', 'proofsheet.db');
    const db = openQueueDatabase(database);
    const crashed = createRun(db, { trigger: 'cli', setIds: [1], pid: deadPid() });
    const [damaged] = await rowsOf(root);
    fs.writeFileSync(damaged!.incoming_path, 'half a file');
    try {
      db.exec('BEGIN IMMEDIATE'); // another writer (the review server, a second resume) holds the lock
      const blocked = await runProofsheet(['resume', '--root', root], { env: NO_CAPTION, timeoutMs: 90_000 });
      expect(blocked.code, blocked.stderr).toBe(3);
      expect(blocked.stderr).toMatch(/DB_BUSY/);
      expect(blocked.stderr).not.toMatch(/staged copies:/);
      expect(fs.readFileSync(damaged!.incoming_path, 'utf8')).toBe('half a file');
      db.exec('ROLLBACK');
      expect(getRun(db, crashed.id)?.status).toBe('running');
    } finally {
      if (db.inTransaction) db.exec('ROLLBACK');
      db.close();
    }
    const resumed = await runProofsheet(['resume', '--root', root, '--json'], { env: NO_CAPTION, timeoutMs: 120_000 });
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(sha256(damaged!.incoming_path)).toBe(damaged!.content_sha256);
    const check = openQueueDatabase(database);
    expect(getRun(check, crashed.id)?.status).toBe('aborted');
    check.close();
  });
});
