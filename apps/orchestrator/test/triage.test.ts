import fs from 'node:fs';
import path from 'node:path';
import { expect } from 'vitest';
import { openQueueDatabase, upsertCatalogEntries } from '@proofsheet/queue';
import { createOllamaStandIn, createSampleProject, runProofsheet, test } from '@proofsheet/testkit';

type Report = {
  run_id: string;
  status: string;
  first_fatal: { source: string; line: number; message: string } | null;
  analysis: { error_type: string; suggestions: string[] } | null;
  errors: Array<{ count: number }>;
  impact: { rows: number; review_status: Record<string, number> };
};

test('a run whose model is missing: triage names model_missing, the first line that said so and the pull command', { timeout: 180_000 }, async ({ tmp }) => {
  const standIn = await createOllamaStandIn({ models: [{ name: 'llava:7b', parallel: 1 }] });
  try {
    const { root } = await createSampleProject(tmp);
    const env = { PROOFSHEET_CAPTION__HOSTS: JSON.stringify([{ url: standIn.url, slots: 1 }]), PROOFSHEET_CAPTION__MODEL: 'qwen2.5vl:7b' };
    const run = await runProofsheet(['run', '--root', root, '--json'], { env, timeoutMs: 120_000 });
    expect(run.code, run.stderr).toBe(3);
    const runId = (JSON.parse(run.stdout) as { run_id: string }).run_id;

    const triage = await runProofsheet(['triage', '--root', root, '--json'], { timeoutMs: 60_000 });
    expect(triage.code, triage.stderr).toBe(1);
    const report = JSON.parse(triage.stdout) as Report;
    expect(report).toMatchObject({ run_id: runId, status: 'waiting', analysis: { error_type: 'model_missing' }, impact: { rows: 4, review_status: { Queued: 4 } } });
    expect(report.analysis?.suggestions.join('\n')).toContain('ollama pull qwen2.5vl:7b');
    expect(report.first_fatal?.source).toMatch(/trace\.jsonl$/);
    expect(report.first_fatal?.message).toMatch(/qwen2\.5vl:7b/);
    expect(triage.stderr).toMatch(/fix: ollama pull qwen2\.5vl:7b/);

    // The incident report: one Markdown file with the first line, the analysis, versions and the config snapshot.
    const withReport = await runProofsheet(['triage', runId, '--report', '--root', root, '--json'], { env: { PROOFSHEET_MYSQL_PASSWORD: 'hunter2-secret' }, timeoutMs: 60_000 });
    const file = (JSON.parse(withReport.stdout) as { report_file: string }).report_file;
    const markdown = fs.readFileSync(file, 'utf8');
    expect(path.dirname(file)).toBe(path.join(root, 'logs', 'incidents'));
    expect(markdown).toContain(`# Incident report: ${runId}`);
    expect(markdown).toContain('**model_missing**');
    expect(markdown).toContain('- ollama pull qwen2.5vl:7b');
    expect(markdown).toMatch(/- node: v\d+/);
    expect(markdown).toMatch(/"model": "qwen2\.5vl:7b"/);
    expect(markdown).not.toContain('hunter2-secret');
  } finally {
    await standIn.close();
  }
});

test('triage of a run that went well reports nothing and exits 0; an unknown run id is a usage error', { timeout: 180_000 }, async ({ tmp }) => {
  const { root } = await createSampleProject(tmp);
  expect((await runProofsheet(['run', '--no-caption', '--root', root], { timeoutMs: 120_000 })).code).toBe(0);
  const triage = await runProofsheet(['triage', '--root', root, '--json']);
  expect(triage.code, triage.stderr).toBe(0);
  expect(JSON.parse(triage.stdout)).toMatchObject({ errors: [], first_fatal: null, error_summary: 'no errors found', status: 'completed' });
  const missing = await runProofsheet(['triage', 'run_19990101_000000_cli', '--root', root]);
  expect(missing.code).toBe(2);
  expect(missing.stderr).toMatch(/RUN_NOT_FOUND/);
});

test('triage --publish: the first failing publish row by File_Name, its fix, and its decision in the queue now', { timeout: 180_000 }, async ({ tmp }) => {
  const { root } = await createSampleProject(tmp);
  expect((await runProofsheet(['run', '--no-caption', '--root', root], { timeoutMs: 120_000 })).code).toBe(0);
  const rows = JSON.parse((await runProofsheet(['rows', '--root', root, '--json'])).stdout) as Array<{ id: number; File_Name: string }>;
  expect((await runProofsheet(['approve', ...rows.map((r) => String(r.id)), '--root', root])).code).toBe(0);
  // The website already shows the first row's name for another photo.
  const db = openQueueDatabase(path.join(root, 'data', 'proofsheet.db'));
  upsertCatalogEntries(db, [{ id: 9001, File_Name: rows[0]!.File_Name, Original_File_Name: 'someone-else.jpg', content_sha256: 'f'.repeat(64) }]);
  db.close();
  expect((await runProofsheet(['publish', '--root', root], { timeoutMs: 120_000 })).code).toBe(1);

  const triage = await runProofsheet(['triage', '--publish', '--root', root, '--json'], { timeoutMs: 60_000 });
  const report = JSON.parse(triage.stdout) as Report & { publish_row: { id: number; File_Name: string; Review_Status: string } };
  expect(report.analysis).toMatchObject({ error_type: 'filename_collision', suggestions: [`proofsheet publish --row ${rows[0]!.id} --new-name`] });
  expect(report.first_fatal?.source).toMatch(/publish\.log$/);
  expect(report.publish_row).toMatchObject({ id: rows[0]!.id, File_Name: rows[0]!.File_Name, Review_Status: 'Approved' });
});
