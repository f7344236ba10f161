import fs from 'node:fs';
import path from 'node:path';
import { describe, expect } from 'vitest';
import { createRun, finishRun, migrateDatabase, openDatabase, openQueueDatabase, readSchemaVersion, toLatestSchemaVersion } from '@proofsheet/queue';
import { closedPort, runProofsheet, test, type TempDir } from '@proofsheet/testkit';

// Issue 18: a backup is taken before every migration of a database with a schema, and doctor warns
// when the newest backup is older than the newest run.

async function initProject(tmp: TempDir): Promise<{ root: string; database: string; backups: string }> {
  const root = tmp.join('project');
  expect((await runProofsheet(['init', '--root', root])).code).toBe(0);
  return { root, database: path.join(root, 'data/proofsheet.db'), backups: path.join(root, 'data/backups') };
}

/** Replaces the project's database with one left at schema level 1 holding one set. */
function leaveAtLevelOne(tmp: TempDir, database: string): void {
  const old = openDatabase(tmp.join('old.db'));
  migrateDatabase(old, { target: 1, backupDir: null });
  old.prepare("INSERT INTO sets (folder, subject, location, category, status, created_at, updated_at) VALUES ('/photos/old', 'Old', 'Here', 'Tests', 'pending', 'x', 'x')").run();
  old.close();
  fs.copyFileSync(tmp.join('old.db'), database);
}

describe('pre-migration backup', () => {
  test('a command that opens a database at an older level copies it to data/backups/pre-migration-<from>-to-<to>-<stamp>.db first', { timeout: 60_000 }, async ({ tmp }) => {
    const { root, database, backups } = await initProject(tmp);
    expect(fs.existsSync(backups)).toBe(false); // a fresh database needs none
    leaveAtLevelOne(tmp, database);
    const status = await runProofsheet(['status', '--root', root, '--json']);
    expect(status.code, status.stderr).toBe(0);
    const copies = fs.readdirSync(backups);
    expect(copies).toEqual([expect.stringMatching(new RegExp(`^pre-migration-1-to-${toLatestSchemaVersion()}-[\\dT-]+Z\\.db$`))]);
    const copy = openDatabase(path.join(backups, copies[0] as string), { readonly: true });
    try {
      expect(readSchemaVersion(copy)).toBe(1);
      expect(copy.prepare('SELECT folder FROM sets').pluck().all()).toEqual(['/photos/old']);
    } finally {
      copy.close();
    }
    // Already current: no further copy.
    expect((await runProofsheet(['status', '--root', root])).code).toBe(0);
    expect(fs.readdirSync(backups)).toHaveLength(1);

    // The copy can be put back as it was (an upgrade undone), the migrated database kept aside.
    const restore = await runProofsheet(['restore', path.join(backups, copies[0] as string), '--root', root, '--json']);
    expect(restore.code, restore.stderr).toBe(0);
    const restored = JSON.parse(restore.stdout) as { replaced: string };
    for (const [file, level] of [[database, 1], [restored.replaced, toLatestSchemaVersion()]] as const) {
      const db = openDatabase(file, { readonly: true });
      expect(readSchemaVersion(db)).toBe(level);
      db.close();
    }
  });

  test('init upgrading an older database takes the copy too', { timeout: 60_000 }, async ({ tmp }) => {
    const { root, database, backups } = await initProject(tmp);
    leaveAtLevelOne(tmp, database);
    expect((await runProofsheet(['init', '--root', root])).code).toBe(0);
    expect(fs.readdirSync(backups)).toEqual([expect.stringMatching(/^pre-migration-1-to-\d+-.*\.db$/)]);
  });
});

describe('doctor backup_age', () => {
  test('warns when the newest backup is older than the newest run, and is satisfied by a new backup', { timeout: 90_000 }, async ({ tmp }) => {
    const { root, database } = await initProject(tmp);
    const env = { PROOFSHEET_CAPTION__HOSTS: JSON.stringify([{ url: `http://127.0.0.1:${await closedPort()}`, slots: 1 }]) };
    const backupAge = async () => {
      const run = await runProofsheet(['doctor', '--root', root, '--json'], { env, timeoutMs: 60_000 });
      return (JSON.parse(run.stdout) as { checks: Array<{ name: string; ok: boolean; required: boolean; detail: string }> }).checks.find((c) => c.name === 'backup_age');
    };
    expect(await backupAge()).toMatchObject({ ok: true, required: false, detail: 'no runs yet, nothing to back up' });

    expect((await runProofsheet(['backup', '--root', root])).code).toBe(0);
    await new Promise((resolve) => setTimeout(resolve, 5)); // the run starts strictly after the backup
    const db = openQueueDatabase(database);
    const run = createRun(db, { trigger: 'cli' });
    finishRun(db, run.id, { status: 'completed' });
    db.close();
    expect(await backupAge()).toMatchObject({ ok: false, required: false, detail: expect.stringMatching(new RegExp(`^the newest backup \\(.*\\) is older than run ${run.id} .*; run "proofsheet backup"$`)) });

    expect((await runProofsheet(['backup', '--root', root])).code).toBe(0);
    expect(await backupAge()).toMatchObject({ ok: true, detail: expect.stringContaining(`is newer than the newest run ${run.id}`) });
  });
});
