import fs from 'node:fs';
import path from 'node:path';
import { describe, expect } from 'vitest';
import { createRun, getRun, getSet, openQueueDatabase, updateSetStatus } from '@proofsheet/queue';
import { BUNDLED_SAMPLES, closedPort, createOllamaStandIn, createSampleProject, deadPid, readProjectRows, runProofsheet, sha256File as sha256, test, type TempDir } from '@proofsheet/testkit';

const MODEL = { name: 'qwen2.5vl:7b', parallel: 2 };

type Row = { id: number; Review_Status: string; stage_done: number; incoming_path: string; content_sha256: string; error_code: string | null; Caption: string | null };

const projectWithSet = (tmp: TempDir) => createSampleProject(tmp);
const rowsOf = (root: string): Promise<Row[]> => readProjectRows<Row>(root);

describe('run, resume and recover', () => {
  test('Ollama down: run exits 3 with rows waiting at the caption checkpoint; resume captions them once it is back', { timeout: 180_000 }, async ({ tmp }) => {
    const { root } = await projectWithSet(tmp);
    const port = await closedPort();
    const env = { PROOFSHEET_CAPTION__HOSTS: JSON.stringify([{ url: `http://127.0.0.1:${port}`, slots: 2 }]) };

    const first = await runProofsheet(['run', '--root', root, '--json'], { env, timeoutMs: 120_000 });
    expect(first.code, first.stderr).toBe(3);
    expect(JSON.parse(first.stdout)).toMatchObject({ status: 'waiting', counts: { files: 4, queued: 4, errors: 0, pending: 0 } });
    expect(first.stderr).toContain(`Ollama is not reachable at http://127.0.0.1:${port}`);
    expect(first.stderr).toContain('4 row(s) are scored and derived and wait for captions only');
    expect(first.stderr).toContain('Continue with "proofsheet resume" once Ollama answers, or send them to review without captions now: "proofsheet run --no-caption".');
    expect(first.stdout + first.stderr).toMatch(/quality: provider=cpu/);
    expect((await rowsOf(root)).map((r) => [r.Review_Status, r.stage_done, r.error_code])).toEqual(Array(4).fill(['Queued', 6, null]));

    const plan = await runProofsheet(['recover', '--dry-run', '--root', root, '--json']);
    expect(plan.code).toBe(0);
    expect(JSON.parse(plan.stdout)).toMatchObject({ interrupted_runs: [], sets: [], rows_from: { quality: 0, caption: 4 }, incoming: { intact: 4, restage: [], missing: [] } });

    const ollama = await createOllamaStandIn({ models: [MODEL], port });
    try {
      const resumed = await runProofsheet(['resume', '--root', root, '--json'], { env, timeoutMs: 120_000 });
      expect(resumed.code, resumed.stderr).toBe(0);
      // Every row was past stage 6: only captions were needed, so the scorer was never opened.
      expect(resumed.stdout + resumed.stderr).not.toMatch(/quality: provider=/);
      expect(JSON.parse(resumed.stdout)).toMatchObject({ status: 'completed', counts: { files: 0, pending: 4, errors: 0 } });
      expect(ollama.requests.filter((r) => r.path === '/api/chat').length).toBeGreaterThanOrEqual(4);
    } finally {
      await ollama.close();
    }
    const rows = await rowsOf(root);
    expect(rows.map((r) => [r.Review_Status, r.stage_done])).toEqual(Array(4).fill(['Pending', 7]));
    expect(rows.every((r) => (r.Caption ?? '').length > 20)).toBe(true);
  });

  test('without Ollama the run is "waiting", not "aborted"; run --no-caption sends the waiting rows to review without captions', { timeout: 180_000 }, async ({ tmp }) => {
    const { root } = await projectWithSet(tmp);
    const env = { PROOFSHEET_CAPTION__HOSTS: JSON.stringify([{ url: `http://127.0.0.1:${await closedPort()}`, slots: 2 }]) };
    const first = await runProofsheet(['run', '--root', root, '--json'], { env, timeoutMs: 120_000 });
    expect(first.code, first.stderr).toBe(3);
    expect(JSON.parse(first.stdout)).toMatchObject({ status: 'waiting' });
    const status = JSON.parse((await runProofsheet(['status', '--root', root, '--json'])).stdout) as { runs: Array<{ status: string }> };
    expect(status.runs.map((r) => r.status)).toContain('waiting');

    const released = await runProofsheet(['run', '--no-caption', '--root', root, '--json'], { env, timeoutMs: 120_000 });
    expect(released.code, released.stderr).toBe(0);
    expect(JSON.parse(released.stdout)).toMatchObject({ status: 'completed', counts: { files: 0, pending: 4, errors: 0 } });
    expect((await rowsOf(root)).map((r) => [r.Review_Status, r.stage_done, r.Caption ?? ''])).toEqual(Array(4).fill(['Pending', 7, '']));
    // Pending rows can now be decided.
    const approved = await runProofsheet(['approve', String((await rowsOf(root))[0]!.id), '--root', root]);
    expect(approved.code, approved.stderr).toBe(0);
  });

  test('run refuses while an interrupted run exists; resume finishes it, restaging lost copies from the originals', { timeout: 180_000 }, async ({ tmp }) => {
    const { root, photos } = await projectWithSet(tmp);
    const noCaption = { PROOFSHEET_CAPTION__ENABLED: 'false' };
    // Stages 1–4 and 5–6 ran, then the process died before captioning: simulate the crash record.
    const first = await runProofsheet(['run', '--root', root, '--json'], { env: { PROOFSHEET_CAPTION__HOSTS: JSON.stringify([{ url: `http://127.0.0.1:${await closedPort()}` }]) }, timeoutMs: 120_000 });
    expect(first.code, first.stderr).toBe(3);
    const db = openQueueDatabase(path.join(root, 'data', 'proofsheet.db'));
    const crashed = createRun(db, { trigger: 'cli', setIds: [1], pid: deadPid() });
    db.close();

    const refused = await runProofsheet(['run', '--root', root]);
    expect(refused.code, refused.stderr).toBe(2);
    expect(refused.stderr).toContain(`error [RUN_INTERRUPTED_EXISTS]: run ${crashed.id} was interrupted; continue it with "proofsheet resume"`);

    const [damaged, lost, gone] = await rowsOf(root);
    fs.writeFileSync(damaged!.incoming_path, 'half a file');
    fs.rmSync(lost!.incoming_path);
    fs.rmSync(gone!.incoming_path);
    const goneSource = fs.readdirSync(photos).map((f) => path.join(photos, f)).find((f) => sha256(f) === gone!.content_sha256)!;
    const goneBytes = fs.readFileSync(goneSource);
    fs.rmSync(goneSource);

    const plan = await runProofsheet(['recover', '--dry-run', '--root', root, '--json']);
    expect(JSON.parse(plan.stdout)).toMatchObject({
      interrupted_runs: [{ id: crashed.id }],
      rows_from: { quality: 0, caption: 4 },
      incoming: { intact: 1, restage: [{ row_id: damaged!.id }, { row_id: lost!.id }], missing: [{ row_id: gone!.id }] },
    });
    expect(fs.existsSync(lost!.incoming_path)).toBe(false); // a dry run changes nothing

    const resumed = await runProofsheet(['resume', '--root', root, '--json'], { env: noCaption, timeoutMs: 120_000 });
    expect(resumed.code, resumed.stderr).toBe(1); // finished, but the row whose original is gone failed
    const report = JSON.parse(resumed.stdout) as { status: string; log_dir: string };
    expect(report).toMatchObject({ status: 'completed', counts: { pending: 3, errors: 1 } });
    // The resume's log was open before its recovery work (a resume killed while re-hashing still has
    // a log): the recovery plan is in it.
    const resumeLog = fs.readFileSync(path.join(report.log_dir, 'run.log'), 'utf8');
    expect(resumeLog).toContain(`interrupted runs: ${crashed.id}`);
    expect(resumeLog).toContain('staged copies: 1 intact, 2 to restage from the original, 1 lost');
    expect(sha256(damaged!.incoming_path)).toBe(damaged!.content_sha256);
    expect(sha256(lost!.incoming_path)).toBe(lost!.content_sha256);
    const after = await rowsOf(root);
    expect(after.find((r) => r.id === gone!.id)).toMatchObject({ Review_Status: 'Error', error_code: 'SOURCE_MISSING' });
    expect(after.filter((r) => r.Review_Status === 'Pending')).toHaveLength(3);
    const check = openQueueDatabase(path.join(root, 'data', 'proofsheet.db'));
    expect(getRun(check, crashed.id)?.status).toBe('aborted');
    check.close();
    // The original comes back: retry requeues the row at stage 2, and the next run restages and finishes it.
    fs.writeFileSync(goneSource, goneBytes);
    expect((await runProofsheet(['retry', '--code', 'SOURCE_MISSING', '--root', root])).code).toBe(0);
    const again = await runProofsheet(['run', '--root', root, '--json'], { env: noCaption, timeoutMs: 120_000 });
    expect(again.code, again.stderr).toBe(0);
    expect(JSON.parse(again.stdout)).toMatchObject({ status: 'completed', counts: { pending: 1, errors: 0 } });
    expect((await rowsOf(root)).map((r) => r.Review_Status)).toEqual(Array(4).fill('Pending'));
    expect(sha256(gone!.incoming_path)).toBe(gone!.content_sha256);
  });

  test('a set whose folder vanished after a crash is marked failed, and resume carries on with the waiting rows', { timeout: 180_000 }, async ({ tmp }) => {
    const { root } = await projectWithSet(tmp);
    const closed = { PROOFSHEET_CAPTION__HOSTS: JSON.stringify([{ url: `http://127.0.0.1:${await closedPort()}` }]) };
    expect((await runProofsheet(['run', '--root', root], { env: closed, timeoutMs: 120_000 })).code).toBe(3);
    const later = tmp.join('later');
    fs.cpSync(BUNDLED_SAMPLES, later, { recursive: true });
    expect((await runProofsheet(['set', 'add', later, '--subject', 'Later', '--location', 'Here', '--category', 'Landscape', '--root', root])).code).toBe(0);
    // The process ingesting set 2 died, and then the folder was removed.
    const db = openQueueDatabase(path.join(root, 'data', 'proofsheet.db'));
    updateSetStatus(db, 2, 'ingesting');
    createRun(db, { trigger: 'cli', setIds: [2], pid: deadPid() });
    db.close();
    fs.rmSync(later, { recursive: true });

    const resumed = await runProofsheet(['resume', '--root', root, '--json'], { env: { PROOFSHEET_CAPTION__ENABLED: 'false' }, timeoutMs: 120_000 });
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(resumed.stderr).toContain('[WARN] set 2 can no longer be ingested and is marked failed');
    expect(JSON.parse(resumed.stdout)).toMatchObject({ status: 'completed', counts: { pending: 4 } });
    const check = openQueueDatabase(path.join(root, 'data', 'proofsheet.db'));
    expect(getSet(check, 2)?.status).toBe('failed');
    check.close();
    expect((await runProofsheet(['run', '--root', root])).code).toBe(0);
  });

  test('run and resume refuse while another run is alive', { timeout: 60_000 }, async ({ tmp }) => {
    const { root } = await projectWithSet(tmp);
    const db = openQueueDatabase(path.join(root, 'data', 'proofsheet.db'));
    const live = createRun(db, { trigger: 'cli', setIds: [1], pid: process.pid }); // this test process: alive
    db.close();
    for (const command of ['run', 'resume']) {
      const refused = await runProofsheet([command, '--root', root]);
      expect(refused.code, refused.stderr).toBe(2);
      expect(refused.stderr).toContain(`error [RUN_IN_PROGRESS]: run ${live.id} (pid ${process.pid}) is still running`);
    }
    expect((await runProofsheet(['rows', '--root', root, '--json'])).stdout.trim()).toBe('[]');
  });

  test('recover without --dry-run is a usage error', async ({ tmp }) => {
    const run = await runProofsheet(['recover', '--root', tmp.path]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('recover only plans: pass --dry-run');
  });
});
