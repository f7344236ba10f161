import fs from 'node:fs';
import { describe, expect } from 'vitest';
import { createFixedClock } from '@proofsheet/core';
import { writeSinkHealth } from '@proofsheet/log';
import {
  REVIEW_QUEUE_COLUMNS, createRun, createSet, finishRun, insertErrorRow, insertSetRows, listRowEvents, markRowError, migrateDatabase,
  openDatabase, openQueueDatabase, readSchemaVersion, toLatestSchemaVersion, transitionRow, updateRowFields, type SqliteDatabase,
} from '@proofsheet/queue';
import { runProofsheet, test } from '@proofsheet/testkit';

/** Replaces the temp root, ISO times and run ids' dates so output can be snapshotted. */
function normalise(text: string, root: string): string {
  return text
    .split(root)
    .join('<root>')
    .replace(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z/g, '<time>');
}

function withDb<T>(root: string, fn: (db: SqliteDatabase) => T): T {
  const db = openQueueDatabase(`${root}/data/proofsheet.db`);
  try {
    return fn(db);
  } finally {
    db.close();
  }
}

/** An initialised project with: a finished run, 4 rows (Pending, Approved, Error with name, Error without name). */
function seedProject(root: string): { runId: string } {
  // The database is created directly (defaults need no config file); init has its own tests.
  fs.mkdirSync(`${root}/data`, { recursive: true });
  fs.mkdirSync(`${root}/logs`, { recursive: true });
  return withDb(root, (db) => {
    const run = createRun(db, { trigger: 'cli', clock: createFixedClock(new Date(2026, 10, 22, 9, 30, 0)), logDir: 'logs/runs/x' });
    const set = createSet(db, { folder: '/photos/herons', subject: 'Grey Heron', location: 'Amsterdam', category: 'Birds' });
    const rows = insertSetRows(db, {
      setId: set.id,
      runId: run.id,
      rows: [1, 2, 3].map((n) => ({ values: { Original_File_Name: `IMG_000${n}.JPG`, content_sha256: String(n).repeat(64), Camera: 'Canon_EOS_R5' }, name: { prefix: 'Grey_Heron_Amsterdam_Birds_Photography', extension: '.JPG' } })),
    });
    const [a, b, c] = rows.map((r) => r.id) as [number, number, number];
    for (const id of [a, b]) transitionRow(db, id, 'Pending', { kind: 'pipeline' });
    updateRowFields(db, a, { QR: 7.8, QC_Status: 'Top', Caption: 'A grey heron' }, { kind: 'pipeline' });
    transitionRow(db, b, 'Approved', { kind: 'operator' });
    markRowError(db, c, { code: 'RESIZE_FAILED', message: 'vips: premature end of JPEG', stage: 6, qcStatus: 'ResizeFailed' });
    insertErrorRow(db, { setId: set.id, runId: run.id, values: { Original_File_Name: 'empty.jpg', source_path: '/photos/herons/empty.jpg' }, error: { code: 'FILE_EMPTY', message: 'zero-byte file', stage: 1 } });
    finishRun(db, run.id, { status: 'completed', counts: { files: 4, queued: 3, errors: 2 } });
    return { runId: run.id };
  });
}

describe('queue commands on a project without a database', () => {
  test('status and approve say to run proofsheet init (exit 3)', { timeout: 60_000 }, async ({ tmp }) => {
    for (const args of [['status'], ['approve', '1']]) {
      const run = await runProofsheet([...args, '--root', tmp.path]);
      expect(run.code).toBe(3);
      expect(normalise(run.stderr, tmp.path)).toBe('error [DB_NOT_INITIALISED]: no database at <root>/data/proofsheet.db; run "proofsheet init --root <root>" first\n');
    }
  });

  test('init migrates a database left at an older schema level and reports it as updated', async ({ tmp }) => {
    expect((await runProofsheet(['init', '--root', tmp.path])).code).toBe(0);
    const file = tmp.join('data/proofsheet.db');
    const fresh = openDatabase(tmp.join('old.db'));
    migrateDatabase(fresh, { target: 1 });
    fresh.close();
    fs.copyFileSync(tmp.join('old.db'), file);
    const run = await runProofsheet(['init', '--root', tmp.path, '--json']);
    expect(run.code).toBe(0);
    expect((JSON.parse(run.stdout) as { steps: Array<{ path: string; action: string }> }).steps.at(-1)).toEqual({ path: file, action: 'updated' });
    const db = openDatabase(file);
    expect(readSchemaVersion(db)).toBe(toLatestSchemaVersion());
    db.close();
  });
});

describe('proofsheet status', () => {
  test('--json: counts for every status, recent runs and sink health (docs/cli-json.md)', async ({ tmp }) => {
    seedProject(tmp.path);
    writeSinkHealth(tmp.join('logs'), [{ name: 'file', required: true, alive: true, lines: 10, errors: 0, last_write: '2026-11-22T09:31:00.000Z', last_error: null, gaps: [] }]);
    const run = await runProofsheet(['status', '--root', tmp.path, '--json']);
    expect(run.code).toBe(0);
    expect(normalise(run.stdout, tmp.path)).toMatchInlineSnapshot(`
      "{
        "rows_total": 4,
        "review_status": {
          "Queued": 0,
          "Pending": 1,
          "Metadata_Needs_Work": 0,
          "Approved": 1,
          "Rejected": 0,
          "Published": 0,
          "Error": 2
        },
        "qc_status": {
          "NA": 2,
          "Top": 1,
          "Good": 0,
          "Average": 0,
          "Low": 0,
          "Very Low": 0,
          "ScoringFailed": 0,
          "ResizeFailed": 1,
          "CaptionQuarantined": 0
        },
        "runs": [
          {
            "run_id": "run_20261122_093000_cli",
            "trigger": "cli",
            "status": "completed",
            "interrupted": false,
            "started_at": "<time>",
            "ended_at": "<time>",
            "counts": {
              "files": 4,
              "queued": 3,
              "errors": 2
            },
            "log_dir": "logs/runs/x",
            "error_code": null
          }
        ],
        "sinks": [
          {
            "name": "file",
            "required": true,
            "alive": true,
            "lines": 10,
            "errors": 0,
            "last_write": "<time>",
            "last_error": null,
            "gaps": []
          }
        ]
      }
      "
    `);
    expect(normalise(run.stderr, tmp.path)).toMatchInlineSnapshot(`
      "rows           4
      Review_Status  Queued 0, Pending 1, Metadata_Needs_Work 0, Approved 1, Rejected 0, Published 0, Error 2
      QC_Status      NA 2, Top 1, Good 0, Average 0, Low 0, Very Low 0, ScoringFailed 0, ResizeFailed 1, CaptionQuarantined 0
      runs
        run_20261122_093000_cli  completed  started <time>  ended <time>
      log sinks
        file         alive (required)  errors 0  last write <time>
      "
    `);
  });
});

describe('proofsheet rows', () => {
  test('--json: full rows keyed by the review_queue column names; --status and --run filter', { timeout: 60_000 }, async ({ tmp }) => {
    const { runId } = seedProject(tmp.path);
    const all = await runProofsheet(['rows', '--root', tmp.path, '--json']);
    expect(all.code).toBe(0);
    const rows = JSON.parse(all.stdout) as Array<Record<string, unknown>>;
    expect(rows).toHaveLength(4);
    for (const row of rows) expect(Object.keys(row)).toEqual([...REVIEW_QUEUE_COLUMNS]);
    expect(rows.map((r) => [r.id, r.File_Name, r.Review_Status, r.QC_Status, r.error_code])).toMatchInlineSnapshot(`
      [
        [
          1,
          "Grey_Heron_Amsterdam_Birds_Photography_001.JPG",
          "Pending",
          "Top",
          null,
        ],
        [
          2,
          "Grey_Heron_Amsterdam_Birds_Photography_002.JPG",
          "Approved",
          "NA",
          null,
        ],
        [
          3,
          "Grey_Heron_Amsterdam_Birds_Photography_003.JPG",
          "Error",
          "ResizeFailed",
          "RESIZE_FAILED",
        ],
        [
          4,
          null,
          "Error",
          "NA",
          "FILE_EMPTY",
        ],
      ]
    `);

    const errors = await runProofsheet(['rows', '--root', tmp.path, '--status', 'Error']);
    expect(normalise(errors.stdout, tmp.path)).toMatchInlineSnapshot(`
      "    id  Review_Status       QC_Status             QR  File_Name
           3  Error               ResizeFailed           -  Grey_Heron_Amsterdam_Birds_Photography_003.JPG  RESIZE_FAILED@6
           4  Error               NA                     -  (empty.jpg)  FILE_EMPTY@1
      2 rows
      "
    `);
    const byRun = JSON.parse((await runProofsheet(['rows', '--root', tmp.path, '--run', runId, '--json'])).stdout) as unknown[];
    expect(byRun).toHaveLength(4);
    const bad = await runProofsheet(['rows', '--root', tmp.path, '--status', 'Done']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('unknown --status "Done"; one of: Queued, Pending, Metadata_Needs_Work, Approved, Rejected, Published, Error');
  });
});

describe('decisions and retry', () => {
  test('approve reports every id, applies the legal ones, refuses the rest and exits 1', async ({ tmp }) => {
    seedProject(tmp.path);
    const run = await runProofsheet(['approve', '1', '2', '3', '99', '--root', tmp.path, '--json']);
    expect(run.code).toBe(1);
    expect(JSON.parse(run.stdout)).toMatchInlineSnapshot(`
      {
        "failed": 3,
        "results": [
          {
            "File_Name": "Grey_Heron_Amsterdam_Birds_Photography_001.JPG",
            "from": "Pending",
            "id": 1,
            "ok": true,
            "to": "Approved",
          },
          {
            "error_code": "ILLEGAL_TRANSITION",
            "id": 2,
            "message": "row 2: operator cannot move Approved → Approved: it is already Approved",
            "ok": false,
          },
          {
            "error_code": "ILLEGAL_TRANSITION",
            "id": 3,
            "message": "row 3: operator cannot move Error → Approved: Error can move only to Queued, Rejected",
            "ok": false,
          },
          {
            "error_code": "ROW_NOT_FOUND",
            "id": 99,
            "message": "no row with id 99",
            "ok": false,
          },
        ],
        "updated": 1,
      }
    `);
    expect(run.stderr).toMatchInlineSnapshot(`
      "approved 1  Pending → Approved  Grey_Heron_Amsterdam_Birds_Photography_001.JPG
      FAILED   2  [ILLEGAL_TRANSITION] row 2: operator cannot move Approved → Approved: it is already Approved
      FAILED   3  [ILLEGAL_TRANSITION] row 3: operator cannot move Error → Approved: Error can move only to Queued, Rejected
      FAILED   99  [ROW_NOT_FOUND] no row with id 99
      1 approved, 3 failed
      "
    `);
    withDb(tmp.path, (db) => {
      expect(listRowEvents(db, 1).at(-1)).toMatchObject({ kind: 'decision', old_value: 'Pending', new_value: 'Approved', actor: 'operator', actor_name: 'cli' });
    });
  });

  test('reject then pending: exit 0 when every id succeeds', async ({ tmp }) => {
    seedProject(tmp.path);
    const reject = await runProofsheet(['reject', '1', '2', '--root', tmp.path]);
    expect(reject.code).toBe(0);
    expect(reject.stdout).toMatchInlineSnapshot(`
      "rejected 1  Pending → Rejected  Grey_Heron_Amsterdam_Birds_Photography_001.JPG
      rejected 2  Approved → Rejected  Grey_Heron_Amsterdam_Birds_Photography_002.JPG
      2 rejected, 0 failed
      "
    `);
    const pending = await runProofsheet(['pending', '1', '--root', tmp.path]);
    expect(pending.code).toBe(0);
    expect(withDb(tmp.path, (db) => db.prepare('SELECT id, Review_Status FROM review_queue WHERE id IN (1, 2) ORDER BY id').all())).toEqual([
      { id: 1, Review_Status: 'Pending' },
      { id: 2, Review_Status: 'Rejected' },
    ]);
  });

  test('retry --code requeues only matching Error rows at their failed stage; a row that failed before it was named is refused with its reason', { timeout: 60_000 }, async ({ tmp }) => {
    seedProject(tmp.path);
    const first = await runProofsheet(['retry', '--code', 'RESIZE_FAILED', '--root', tmp.path, '--json']);
    expect(first.code).toBe(0);
    expect(JSON.parse(first.stdout)).toEqual({ requeued: 1, rows: [{ id: 3, error_code: 'RESIZE_FAILED', stage: 6, attempts: 1 }], refused: [] });
    const rest = await runProofsheet(['retry', '--root', tmp.path]);
    expect(rest.code).toBe(1);
    expect(rest.stdout).toMatchInlineSnapshot(`
      "REFUSED  4  FILE_EMPTY is final for this file (it failed at stage 1, before it had a staged, named copy): a retry cannot change it; reject the row ("proofsheet reject 4")
      Requeued 0 rows; 1 refused.
      "
    `);
    expect(withDb(tmp.path, (db) => db.prepare('SELECT id, Review_Status, stage_done, attempts, QC_Status, error_code FROM review_queue WHERE id IN (3, 4) ORDER BY id').all())).toEqual([
      { id: 3, Review_Status: 'Queued', stage_done: 5, attempts: 1, QC_Status: 'NA', error_code: null },
      { id: 4, Review_Status: 'Error', stage_done: 0, attempts: 0, QC_Status: 'NA', error_code: 'FILE_EMPTY' },
    ]);
    const rejected = await runProofsheet(['reject', '4', '--root', tmp.path]);
    expect([rejected.code, rejected.stdout.split('\n')[0]]).toEqual([0, 'rejected 4  Error → Rejected']);
    const unknown = await runProofsheet(['retry', '--code', 'NOPE', '--root', tmp.path]);
    expect(unknown.code).toBe(2);
  });
});

describe('proofsheet status with an interrupted run', () => {
  test('lists a run whose process is gone as interrupted, even when older than the recent ones', async ({ tmp }) => {
    seedProject(tmp.path);
    const { spawnSync } = await import('node:child_process');
    const deadPid = spawnSync(process.execPath, ['-e', '0']).pid;
    withDb(tmp.path, (db) => {
      const crashed = createRun(db, { trigger: 'cli', pid: deadPid, clock: createFixedClock(new Date(2026, 0, 1, 8, 0, 0)) });
      for (let i = 0; i < 5; i += 1) finishRun(db, createRun(db, { trigger: 'ui', clock: createFixedClock(new Date(2026, 10, 23, 8, 0, i)) }).id, { status: 'completed' });
      return crashed.id;
    });
    const run = await runProofsheet(['status', '--root', tmp.path, '--json']);
    const report = JSON.parse(run.stdout) as { runs: Array<{ run_id: string; status: string; interrupted: boolean }> };
    expect(report.runs.map((r) => [r.run_id, r.status, r.interrupted])).toEqual([
      ...[4, 3, 2, 1, 0].map((s) => [`run_20261123_08000${s}_ui`, 'completed', false]),
      ['run_20260101_080000_cli', 'running', true],
    ]);
  });
});
