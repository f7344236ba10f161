import fs from 'node:fs';
import path from 'node:path';
import { describe, expect } from 'vitest';
import { createRun, openQueueDatabase } from '@proofsheet/queue';
import { closedPort, createSampleProject, deadPid, readProjectRows, runProofsheet, test } from '@proofsheet/testkit';

// Issue 18: "confirm staging is clean" is one command — recover --dry-run reports damaged copies of
// waiting rows, partial copies of dead processes and staged copies no row references.

type Row = { id: number; incoming_path: string };
type Staging = { checked: boolean; clean: boolean; reason?: string; items: Array<{ path: string; kind: string; bytes: number; reason: string }>; bytes: number };
type Plan = { incoming: { restage: Array<{ row_id: number }> }; staging: Staging };

async function recoverPlan(root: string): Promise<{ plan: Plan; human: string }> {
  const run = await runProofsheet(['recover', '--dry-run', '--root', root, '--json']);
  expect(run.code, run.stderr).toBe(0);
  return { plan: JSON.parse(run.stdout) as Plan, human: run.stderr };
}

describe('proofsheet recover --dry-run: staging', () => {
  test('lists a damaged copy, a dead process\'s partial copy and an unreferenced staged copy; clean again after "proofsheet clean" and a whole copy', { timeout: 240_000 }, async ({ tmp }) => {
    const { root } = await createSampleProject(tmp);
    const env = { PROOFSHEET_CAPTION__HOSTS: JSON.stringify([{ url: `http://127.0.0.1:${await closedPort()}`, slots: 1 }]) };
    expect((await runProofsheet(['run', '--root', root], { env, timeoutMs: 180_000 })).code).toBe(3); // rows wait for captions

    const before = await recoverPlan(root);
    expect(before.plan.staging).toEqual({ checked: true, clean: true, items: [], bytes: 0 });
    expect(before.human).toContain('staging: clean');

    const [damaged] = (await readProjectRows<Row>(root)) as [Row];
    const original = fs.readFileSync(damaged.incoming_path);
    fs.writeFileSync(damaged.incoming_path, 'half a file');
    const setDir = path.dirname(damaged.incoming_path);
    const partial = path.join(setDir, `.staging-${deadPid()}-abc123.partial`);
    fs.writeFileSync(partial, 'partial');
    const stray = path.join(setDir, `${'a'.repeat(64)}.jpg`);
    fs.writeFileSync(stray, 'a copy no row references');
    const notOurs = path.join(setDir, 'notes.txt');
    fs.writeFileSync(notOurs, 'left alone');

    const { plan, human } = await recoverPlan(root);
    expect(plan.incoming.restage).toEqual([expect.objectContaining({ row_id: damaged.id })]);
    expect(plan.staging).toMatchObject({ checked: true, clean: false, bytes: 7 + 24 });
    expect(plan.staging.items.map((i) => [i.kind, i.path]).sort()).toEqual([['staged', stray], ['temp', partial]]);
    expect(human).toContain('staging: 1 partial copy of dead processes, 1 staged copy no row references, 0 derivative folder(s) of rows that are gone');
    expect(fs.existsSync(partial) && fs.existsSync(stray)).toBe(true); // a dry run changes nothing

    expect((await runProofsheet(['clean', '--root', root])).code).toBe(0);
    fs.writeFileSync(damaged.incoming_path, original);
    expect((await recoverPlan(root)).plan.staging).toEqual({ checked: true, clean: true, items: [], bytes: 0 });
    expect(fs.existsSync(notOurs)).toBe(true);
  });

  test('while a run is live, staging is reported as not checked (its new copies are not referenced yet)', { timeout: 60_000 }, async ({ tmp }) => {
    const { root } = await createSampleProject(tmp);
    const db = openQueueDatabase(path.join(root, 'data/proofsheet.db'));
    const live = createRun(db, { trigger: 'cli', pid: process.pid });
    db.close();
    const { plan } = await recoverPlan(root);
    expect(plan.staging).toEqual({ checked: false, clean: false, reason: `run ${live.id} is live: its new copies are not referenced yet; check again when it has finished`, items: [], bytes: 0 });
  });
});
