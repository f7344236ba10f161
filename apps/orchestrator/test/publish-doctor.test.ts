import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, onTestFinished } from 'vitest';
import { createMysqlCatalogStore } from '@proofsheet/publisher';
import { createTestMysqlDatabase, ensurePureFtpd, runProofsheet, startTestFtpServer, test, testMysqlServer, type TempDir, type TestFtpServerOptions } from '@proofsheet/testkit';
import { createRemoteProject, listTree } from './publish-remote-helpers.js';

type Check = { name: string; ok: boolean; required: boolean; detail: string };

async function doctor(root: string, env: Record<string, string>): Promise<Record<string, Check>> {
  const run = await runProofsheet(['doctor', '--root', root, '--json'], { env, timeoutMs: 60_000 });
  const report = JSON.parse(run.stdout) as { checks: Check[] };
  return Object.fromEntries(report.checks.map((c) => [c.name, c]));
}

async function remoteProject(tmp: TempDir, ftpOptions: TestFtpServerOptions = {}) {
  const ftp = await startTestFtpServer(ftpOptions);
  onTestFinished(() => ftp.dispose());
  const database = await createTestMysqlDatabase();
  onTestFinished(() => database.drop());
  const project = await createRemoteProject(tmp, ftp, { ...testMysqlServer(), database: database.name });
  return { ftp, database, ...project };
}

describe.skipIf(!ensurePureFtpd().ok)('doctor on a remote destination', () => {
  test('FTP login, write and rename on the remote base (probe removed), MySQL login and table key, catalog pull age', { timeout: 120_000 }, async ({ tmp }) => {
    const { ftp, database, root, env } = await remoteProject(tmp);
    let checks = await doctor(root, env);
    expect(checks.ftp).toMatchObject({ ok: true, required: true, detail: expect.stringMatching(/logged in; \/images writable \(probe written, renamed, removed\); rename yes; no server-side hash: uploads verified by size$/) });
    expect(listTree(ftp.root)).toEqual([]);
    expect(checks.mysql).toMatchObject({ ok: true, detail: expect.stringContaining('table photos_info_revamp does not exist yet') });
    expect(checks.catalog_pull).toMatchObject({ ok: false, required: false, detail: 'the live catalog was never pulled; run "proofsheet catalog pull"' });

    await createMysqlCatalogStore(database.client, 'photos_info_revamp').ensureTable();
    expect((await runProofsheet(['catalog', 'pull', '--root', root], { env })).code).toBe(0);
    checks = await doctor(root, env);
    expect(checks.mysql).toMatchObject({ ok: true, detail: expect.stringContaining('has its unique key on File_Name; 0 rows') });
    expect(checks.catalog_pull).toMatchObject({ ok: true, detail: expect.stringMatching(/^0 entries pulled from mysql .* \d+ min ago/) });
    const logs = listTree(path.join(root, 'logs')).map((f) => fs.readFileSync(path.join(root, 'logs', f), 'utf8')).join('\n');
    expect(logs).not.toContain(ftp.password);
  });

  test('fails the FTP check on a wrong password, and on a server that cannot rename (saying why)', { timeout: 120_000 }, async ({ tmp }) => {
    const { ftp, root, env } = await remoteProject(tmp, { noRename: true });
    const checks = await doctor(root, env);
    expect(checks.ftp).toMatchObject({ ok: false, detail: expect.stringContaining('rename was refused') });
    expect(listTree(ftp.root)).toEqual([]);
    const denied = await doctor(root, { ...env, PROOFSHEET_FTP_PASSWORD: 'wrong-Pass-1' });
    expect(denied.ftp).toMatchObject({ ok: false, detail: expect.stringMatching(/^check failed: \[FTP_AUTH\] .*530/) });
    expect(denied.ftp?.detail).not.toContain('wrong-Pass-1');
  });

  test('says in one line per check that a local destination has nothing remote to check', async ({ tmp }) => {
    expect((await runProofsheet(['init', '--root', tmp.path])).code).toBe(0);
    const checks = await doctor(tmp.path, {});
    expect([checks.ftp, checks.mysql, checks.catalog_pull].map((c) => [c?.ok, c?.detail.startsWith('publish.destination is "local"')])).toEqual([[true, true], [true, true], [true, true]]);
  });
});
