import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect } from 'vitest';
import { openDatabase } from '@proofsheet/queue';
import { PROOFSHEET_BIN, createOllamaStandIn, createSampleProject, runProofsheet, test, type OllamaStandIn } from '@proofsheet/testkit';

// Issue 18: backup and restore end to end — the real binary, real SQLite files, a run (or a second
// process) writing while the backup is taken.

const children: ChildProcess[] = [];
const servers: OllamaStandIn[] = [];
afterEach(async () => {
  for (const child of children.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  for (const server of servers.splice(0)) await server.close();
});

async function waitFor(condition: () => boolean, timeoutMs = 90_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

function query<T>(file: string, sql: string): T[] {
  const db = openDatabase(file, { readonly: true });
  try {
    return db.prepare(sql).all() as T[];
  } finally {
    db.close();
  }
}

function integrity(file: string): string {
  return query<{ integrity_check: string }>(file, 'PRAGMA integrity_check').map((r) => r.integrity_check).join('; ');
}

/** A process that inserts review rows through the queue package in a loop until killed. */
function startWriter(database: string): ChildProcess {
  const source = `
    import { createSet, insertSetRows, openQueueDatabase } from '@proofsheet/queue';
    const db = openQueueDatabase(process.argv[1]);
    // Commits stay in the WAL (as while a reader holds checkpoints back): a copy of the main file alone would miss them.
    db.pragma('wal_autocheckpoint = 0');
    const set = createSet(db, { folder: '/photos/loop', subject: 'Loop', location: 'Here', category: 'Tests' });
    for (let i = 0; ; i += 1) {
      insertSetRows(db, { setId: set.id, runId: null, rows: [{ values: { Original_File_Name: 'IMG_' + i + '.JPG' }, name: { prefix: 'Loop', extension: '.JPG' } }] });
      if (i % 20 === 0) process.stdout.write(i + '\\n');
      await new Promise((resolve) => setImmediate(resolve));
    }`;
  const child = spawn(process.execPath, ['--input-type=module', '-e', source, database], { cwd: path.dirname(PROOFSHEET_BIN), stdio: ['ignore', 'pipe', 'inherit'] });
  children.push(child);
  return child;
}

describe('proofsheet backup', () => {
  test('taken while another process writes in a loop: the restored database passes integrity_check and holds every row committed before', { timeout: 120_000 }, async ({ tmp }) => {
    const { root } = await createSampleProject(tmp);
    const database = path.join(root, 'data/proofsheet.db');
    const writer = startWriter(database);
    let written = '';
    writer.stdout?.setEncoding('utf8').on('data', (chunk: string) => (written += chunk));
    await waitFor(() => written.split('\n').length > 5);
    const [before] = query<{ last: number }>(database, 'SELECT max(id) AS last FROM review_queue');
    const backup = await runProofsheet(['backup', '--root', root, '--json']);
    expect(backup.code, backup.stderr).toBe(0);
    writer.kill('SIGKILL');
    const report = JSON.parse(backup.stdout) as { dir: string; schema_version: number; proofsheet_version: string; files: Array<{ name: string; bytes: number; sha256: string }> };
    expect(path.dirname(report.dir)).toBe(path.join(root, 'data/backups'));
    expect(report.files.map((f) => f.name)).toEqual(['proofsheet.db', 'proofsheet.config.json']);
    expect(JSON.parse(fs.readFileSync(path.join(report.dir, 'manifest.json'), 'utf8'))).toMatchObject({ format: 1, schema_version: report.schema_version, files: report.files });
    expect(fs.existsSync(path.join(report.dir, 'proofsheet.db-wal'))).toBe(false);

    const restore = await runProofsheet(['restore', report.dir, '--root', root, '--json']);
    expect(restore.code, restore.stderr).toBe(0);
    const restored = JSON.parse(restore.stdout) as { restored: string; replaced: string };
    expect(restored.replaced).toMatch(/proofsheet\.db\.replaced-[\d-]+T[\d-]+Z$/);
    expect(fs.existsSync(`${restored.replaced}-wal`)).toBe(false);
    expect(integrity(database)).toBe('ok');
    expect(integrity(restored.replaced)).toBe('ok');
    const ids = query<{ id: number }>(database, 'SELECT id FROM review_queue ORDER BY id').map((r) => r.id);
    expect(ids.length).toBeGreaterThanOrEqual(before?.last ?? Infinity);
    expect(ids.slice(0, before?.last)).toEqual(Array.from({ length: before?.last ?? 0 }, (_, i) => i + 1));
    // The replaced database kept everything the writer committed, up to its last row.
    expect(query<{ n: number }>(restored.replaced, 'SELECT count(*) AS n FROM review_queue')[0]?.n).toBeGreaterThanOrEqual(ids.length);
  });

  test('during a live run: the backup holds the rows the run committed; restore refuses with RUN_IN_PROGRESS until the run is gone', { timeout: 180_000 }, async ({ tmp }) => {
    const ollama = await createOllamaStandIn({ models: [{ name: 'qwen2.5vl:7b', parallel: 4 }] });
    servers.push(ollama);
    ollama.script({ match: (r) => r.images.length > 0, behaviour: { kind: 'hang' } });
    const { root } = await createSampleProject(tmp);
    const database = path.join(root, 'data/proofsheet.db');
    const run = spawn(process.execPath, [PROOFSHEET_BIN, 'run', '--root', root], {
      env: { ...process.env, PROOFSHEET_CAPTION__HOSTS: JSON.stringify([{ url: ollama.url, slots: 4 }]) },
      stdio: ['ignore', 'ignore', 'ignore'],
    });
    children.push(run);
    await waitFor(() => ollama.inferences().length >= 1);
    const committed = query<{ id: number; File_Name: string; stage_done: number }>(database, 'SELECT id, File_Name, stage_done FROM review_queue ORDER BY id');
    expect(committed.length).toBe(4);

    const backup = await runProofsheet(['backup', '--root', root, '--to', tmp.join('mid-run'), '--json']);
    expect(backup.code, backup.stderr).toBe(0);
    const refused = await runProofsheet(['restore', tmp.join('mid-run'), '--root', root, '--json']);
    expect(refused.code).toBe(2);
    expect(JSON.parse(refused.stdout)).toMatchObject({ error: { code: 'RUN_IN_PROGRESS' } });
    expect(fs.readdirSync(path.join(root, 'data')).filter((f) => f.includes('replaced'))).toEqual([]);

    run.kill('SIGKILL');
    await new Promise((resolve) => run.once('close', resolve));
    const restore = await runProofsheet(['restore', tmp.join('mid-run'), '--root', root]);
    expect(restore.code, restore.stderr).toBe(0);
    expect(restore.stdout).toContain(`Restored ${database} from ${tmp.join('mid-run')}`);
    expect(integrity(database)).toBe('ok');
    const back = query<{ id: number; File_Name: string; stage_done: number }>(database, 'SELECT id, File_Name, stage_done FROM review_queue ORDER BY id');
    expect(back.map((r) => [r.id, r.File_Name])).toEqual(committed.map((r) => [r.id, r.File_Name]));
    back.forEach((row, i) => expect(row.stage_done).toBeGreaterThanOrEqual(committed[i]?.stage_done ?? Infinity));
  });
});

describe('proofsheet restore', () => {
  test('refuses with DB_BUSY (exit 3) while another process keeps the database open, as the review server does', { timeout: 60_000 }, async ({ tmp }) => {
    const { root } = await createSampleProject(tmp);
    const database = path.join(root, 'data/proofsheet.db');
    expect((await runProofsheet(['backup', '--root', root, '--to', tmp.join('b')])).code).toBe(0);
    const source = `
      import { openQueueDatabase } from '@proofsheet/queue';
      const db = openQueueDatabase(process.argv[1]);
      db.prepare('SELECT count(*) FROM sets').get();
      process.stdout.write('open\\n');
      setInterval(() => db.prepare('SELECT 1').get(), 1000);`;
    const holder = spawn(process.execPath, ['--input-type=module', '-e', source, database], { cwd: path.dirname(PROOFSHEET_BIN), stdio: ['ignore', 'pipe', 'inherit'] });
    children.push(holder);
    let said = '';
    holder.stdout?.setEncoding('utf8').on('data', (chunk: string) => (said += chunk));
    await waitFor(() => said.includes('open'));

    const refused = await runProofsheet(['restore', tmp.join('b'), '--root', root, '--json']);
    expect(refused.code).toBe(3);
    expect(JSON.parse(refused.stdout)).toMatchObject({ error: { code: 'DB_BUSY', message: `${database} is still open in another process (a run or the review server); stop it and try again` } });
    expect(fs.readdirSync(path.join(root, 'data')).filter((f) => f.includes('replaced') || f.includes('restoring'))).toEqual([]);
    expect(integrity(database)).toBe('ok');
  });

  test('refuses a tampered backup (BACKUP_DAMAGED, exit 3) and a folder that is no backup (BACKUP_NOT_FOUND, exit 2), changing nothing', { timeout: 60_000 }, async ({ tmp }) => {
    const { root } = await createSampleProject(tmp);
    const database = path.join(root, 'data/proofsheet.db');
    expect((await runProofsheet(['backup', '--root', root, '--to', tmp.join('b')])).code).toBe(0);
    const copy = tmp.join('b/proofsheet.db');
    const bytes = fs.readFileSync(copy);
    bytes[bytes.length - 100] = (bytes[bytes.length - 100] ?? 0) ^ 0xff;
    fs.writeFileSync(copy, bytes);
    const before = fs.readFileSync(database);

    const damaged = await runProofsheet(['restore', tmp.join('b'), '--root', root, '--json']);
    expect(damaged.code).toBe(3);
    const error = (JSON.parse(damaged.stdout) as { error: { code: string; message: string } }).error;
    expect(error.code).toBe('BACKUP_DAMAGED');
    expect(error.message.replaceAll(tmp.path, '<tmp>')).toBe('the backup <tmp>/b is damaged and was not restored: proofsheet.db does not match its SHA-256 in the manifest');

    fs.mkdirSync(tmp.join('empty'));
    const missing = await runProofsheet(['restore', tmp.join('empty'), '--root', root]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('[BACKUP_NOT_FOUND]');
    expect(fs.readFileSync(database).equals(before)).toBe(true);
    expect(fs.readdirSync(path.join(root, 'data')).filter((f) => f.includes('replaced'))).toEqual([]);
  });
});
