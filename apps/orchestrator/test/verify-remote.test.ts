import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, onTestFinished } from 'vitest';
import { openQueueDatabase } from '@proofsheet/queue';
import { createTestMysqlDatabase, ensurePureFtpd, runProofsheet, startTestFtpServer, test, testMysqlServer } from '@proofsheet/testkit';
import { createRemoteProject, seedApprovedRows } from './publish-remote-helpers.js';

type Check = { name: string; ok: boolean; row_id: number | null; File_Name: string | null; evidence: string; fix: string | null };
type VerifyJson = { ok: boolean; checks: Check[] };
type Row = { id: number; File_Name: string };

const ready = ensurePureFtpd();

describe.skipIf(!ready.ok)('verify against a remote destination (real pure-ftpd, real MariaDB)', () => {
  test('passes on a clean publish, reports each planted problem with its fix, and passes again once they are fixed', { timeout: 240_000 }, async ({ tmp }) => {
    const ftp = await startTestFtpServer();
    onTestFinished(() => ftp.dispose());
    const database = await createTestMysqlDatabase(testMysqlServer());
    onTestFinished(() => database.drop());
    const { root, env } = await createRemoteProject(tmp, ftp, { ...testMysqlServer(), database: database.name });
    const rows = seedApprovedRows(root, tmp, 4);
    const published = await runProofsheet(['publish', '--root', root, '--json'], { env, timeoutMs: 120_000 });
    expect(published.code, published.stderr).toBe(0);

    const verify = async (): Promise<{ code: number | null; json: VerifyJson; output: string }> => {
      const run = await runProofsheet(['verify', '--root', root, '--json'], { env, timeoutMs: 60_000 });
      return { code: run.code, json: JSON.parse(run.stdout) as VerifyJson, output: run.stdout + run.stderr };
    };
    const problems = (json: VerifyJson) => json.checks.filter((c) => !c.ok).map((c) => ({ name: c.name, row_id: c.row_id, fix: c.fix }));

    const clean = await verify();
    expect(problems(clean.json)).toEqual([]);
    expect(clean.code).toBe(0);
    for (const row of rows) expect(clean.json.checks.filter((c) => c.row_id === row.id).map((c) => c.name).sort()).toEqual(['catalog_row', 'mirror_row', 'publish_state', 'thumb_file', 'web_file']);
    expect(clean.output).not.toContain(ftp.password);

    const [a, b, c, d] = rows as [Row, Row, Row, Row];
    await database.client.execute('DELETE FROM photos_info_revamp WHERE File_Name = ?', [a.File_Name]);
    fs.rmSync(path.join(ftp.root, 'images/2024/thumbs/landscapes', b.File_Name));
    fs.truncateSync(path.join(ftp.root, 'images/2024/landscapes', c.File_Name), 1000);
    ftp.seed('images/2024/landscapes/.stray.JPG.partial', 'half an upload');
    const db = openQueueDatabase(path.join(root, 'data/proofsheet.db'));
    db.prepare('UPDATE photos_info_revamp SET Caption = ? WHERE File_Name = ?').run('edited by hand', b.File_Name);
    db.prepare('DELETE FROM publish_jobs WHERE row_id = ?').run(d.id);
    db.close();

    const broken = await verify();
    expect(broken.code).toBe(1);
    const force = (row: Row) => `proofsheet publish --row ${row.id} --force`;
    expect(problems(broken.json)).toEqual([
      { name: 'catalog_row', row_id: a.id, fix: force(a) },
      { name: 'mirror_row', row_id: b.id, fix: force(b) },
      { name: 'thumb_file', row_id: b.id, fix: force(b) },
      { name: 'web_file', row_id: c.id, fix: force(c) },
      { name: 'publish_state', row_id: d.id, fix: force(d) },
      { name: 'leftover_file', row_id: null, fix: 'remove 2024/landscapes/.stray.JPG.partial from the destination by hand (no row references it)' },
    ]);
    const evidence = (name: string) => broken.json.checks.find((x) => x.name === name && !x.ok)?.evidence ?? '';
    expect(evidence('catalog_row')).toContain(`no catalog row named ${a.File_Name} in ftp+mysql`);
    expect(evidence('mirror_row')).toBe('local mirror Caption: "edited by hand" ≠ "Montañas del norte bajo la niebla de la mañana."');
    expect(evidence('thumb_file')).toBe(`2024/thumbs/landscapes/${b.File_Name} is missing on the destination`);
    expect(evidence('web_file')).toMatch(/is 1000 bytes, expected \d+$/);
    expect(evidence('publish_state')).toContain('no finished job');

    const fixed = await runProofsheet(['publish', '--force', ...rows.flatMap((r) => ['--row', String(r.id)]), '--root', root, '--json'], { env, timeoutMs: 120_000 });
    expect(fixed.code, fixed.stderr).toBe(0);
    fs.rmSync(path.join(ftp.root, 'images/2024/landscapes/.stray.JPG.partial'));
    const again = await verify();
    expect(problems(again.json)).toEqual([]);
    expect(again.code).toBe(0);
  });
});
