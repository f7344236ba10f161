import { expect, onTestFinished } from 'vitest';
import { createTestMysqlDatabase, runProofsheet, startTestFtpServer, test, testMysqlServer } from '@proofsheet/testkit';
import { createRemoteProject, seedApprovedRows } from './publish-remote-helpers.js';

test('a publish whose MySQL table lacks the unique key on File_Name: triage says mysql_schema with the ALTER TABLE to run', { timeout: 180_000 }, async ({ tmp }) => {
  const ftp = await startTestFtpServer();
  onTestFinished(() => ftp.dispose());
  const server = testMysqlServer();
  const database = await createTestMysqlDatabase(server);
  onTestFinished(() => database.drop());
  // The website's table as an old installation left it: no unique key on File_Name.
  await database.client.query('CREATE TABLE photos_info_revamp (id INT AUTO_INCREMENT PRIMARY KEY, File_Name VARCHAR(255) NOT NULL, Original_File_Name VARCHAR(255) NOT NULL)');
  const { root, env } = await createRemoteProject(tmp, ftp, { ...server, database: database.name });
  const rows = seedApprovedRows(root, tmp, 2);

  const publish = await runProofsheet(['publish', '--root', root, '--json'], { env, timeoutMs: 120_000 });
  expect(publish.code, publish.stderr).toBe(3);
  expect(publish.stderr).toMatch(/MYSQL_SCHEMA/);

  const triage = await runProofsheet(['triage', '--publish', '--root', root, '--json'], { env, timeoutMs: 60_000 });
  const report = JSON.parse(triage.stdout) as { analysis: { error_type: string; suggestions: string[] }; first_fatal: { source: string; error_code: string | null } };
  expect(report.analysis.error_type).toBe('mysql_schema');
  expect(report.analysis.suggestions[0]).toMatch(/^ALTER TABLE .*photos_info_revamp.* ADD UNIQUE/);
  expect(report.first_fatal.source).toMatch(/publish\.log$/);
  expect(triage.stdout).not.toContain(env.PROOFSHEET_FTP_PASSWORD ?? 'no-password');
  // Nothing was published: every approved row is still waiting, by name.
  const after = JSON.parse((await runProofsheet(['rows', '--root', root, '--json'])).stdout) as Array<{ id: number; Review_Status: string }>;
  expect(after.filter((r) => rows.some((s) => s.id === r.id)).map((r) => r.Review_Status)).toEqual(['Approved', 'Approved']);
});
