import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect } from 'vitest';
import { resolveConfig, systemClock, toProjectPaths, type ConfigOverrides, type ResolvedConfig } from '@proofsheet/core';
import { createRun, createSet, listCaptionAttempts, listRows, openQueueDatabase, type SqliteDatabase } from '@proofsheet/queue';
import { createOllamaStandIn, test, type OllamaStandIn } from '@proofsheet/testkit';
import { runIngest, runRowStages, validateIngestSets } from '../src/index.js';

const SAMPLES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../samples/landscapes');

function configFor(flags: ConfigOverrides): ResolvedConfig {
  const result = resolveConfig({ env: {}, flags });
  if (!result.ok) throw new Error(JSON.stringify(result.issues));
  return result.config;
}

/** A project with the bundled sample set ingested (stages 1–4): four `Queued` rows at stage 4. */
async function ingestSamples(root: string, config: ResolvedConfig): Promise<{ db: SqliteDatabase; paths: ReturnType<typeof toProjectPaths>; runId: string }> {
  const paths = toProjectPaths(root, config.paths);
  fs.mkdirSync(paths.data, { recursive: true });
  const db = openQueueDatabase(paths.database);
  const set = createSet(db, { folder: SAMPLES, subject: 'Basque Mountains', location: 'Gipuzkoa Spain', category: 'Landscape', fileCount: 4 });
  const { naming } = config;
  const validated = await validateIngestSets([set], naming, systemClock);
  const runId = createRun(db, { trigger: 'cli', setIds: [set.id] }).id;
  const ingest = await runIngest({ db, sets: validated, paths, naming, runId });
  expect(ingest.counts.queued).toBe(4);
  return { db, paths, runId };
}

async function withStandIn<T>(body: (standIn: OllamaStandIn) => Promise<T>): Promise<T> {
  const standIn = await createOllamaStandIn({ models: [{ name: 'qwen2.5vl:7b', parallel: 2 }] });
  try {
    return await body(standIn);
  } finally {
    await standIn.close();
  }
}

describe('runRowStages', () => {
  test('scores, derives and captions every waiting row, leaving it Pending with its provenance', async ({ tmp }) => {
    await withStandIn(async (standIn) => {
      const config = configFor({ caption: { hosts: [{ url: standIn.url, slots: 2 }] } });
      const { db, paths, runId } = await ingestSamples(tmp.path, config);
      const lines: string[] = [];
      const result = await runRowStages({ db, paths, config, runId, say: (l) => lines.push(l) });
      expect(listRows(db).map((r) => [r.error_code, r.error_message])).toEqual(listRows(db).map(() => [null, null]));
      expect(result).toMatchObject({ rows: 4, interrupted: false, counts: { pending: 4, needs_work: 0, quarantined: 0, errors: 0, waiting: 0 } });
      for (const row of listRows(db)) {
        expect(row).toMatchObject({ Review_Status: 'Pending', stage_done: 7 });
        expect(row.QR).toBeGreaterThan(0);
        expect(row.brisque_score).not.toBeNull();
        expect(JSON.parse(row.quality_detail ?? '{}')).toMatchObject({ provider: 'cpu' });
        expect(row.Caption?.split(' ').length).toBeGreaterThanOrEqual(8);
        expect(JSON.parse(row.caption_provenance ?? '{}')).toMatchObject({ caption: { model: 'qwen2.5vl:7b', host: standIn.url } });
        expect(listCaptionAttempts(db, row.id).length).toBeGreaterThanOrEqual(1);
        for (const file of ['model', 'preview', 'thumb']) expect(fs.readdirSync(path.join(paths.derived, String(row.id))).join(' ')).toContain(file);
      }
      expect(lines.join('\n')).toContain('Ollama startup check: host=');
      const report = JSON.parse(fs.readFileSync(path.join(paths.runs, runId, 'prefill_qc.json'), 'utf8')) as { summary: { row_count: number } };
      expect(report.summary.row_count).toBe(4);
      expect(JSON.parse(fs.readFileSync(path.join(paths.data, 'prefill_qc_last.json'), 'utf8'))).toEqual(report);
      db.close();
    });
  });

  test('with Ollama unreachable, stages 5–6 finish and every row waits in Queued for a later run', async ({ tmp }) => {
    const standIn = await createOllamaStandIn({ models: [{ name: 'qwen2.5vl:7b' }] });
    const url = standIn.url;
    await standIn.close();
    const config = configFor({ caption: { hosts: [{ url, slots: 2 }] } });
    const { db, paths, runId } = await ingestSamples(tmp.path, config);
    const lines: string[] = [];
    const result = await runRowStages({ db, paths, config, runId, say: (l) => lines.push(l) });
    expect(result.interrupted).toBe(true);
    expect(result.counts).toMatchObject({ pending: 0, errors: 0, waiting: 4 });
    expect(result.notices.join(' ')).toContain(url.replace('http://', ''));
    for (const row of listRows(db)) expect(row).toMatchObject({ Review_Status: 'Queued', stage_done: 6, error_code: null });
    db.close();
  });

  test('with captioning off, rows go to Pending flagged caption_skipped', async ({ tmp }) => {
    const config = configFor({ caption: { enabled: false } });
    const { db, paths, runId } = await ingestSamples(tmp.path, config);
    const result = await runRowStages({ db, paths, config, runId, say: () => undefined });
    expect(result.counts.pending).toBe(4);
    for (const row of listRows(db)) expect(row).toMatchObject({ Review_Status: 'Pending', caption_skipped: 1, Caption: null });
    db.close();
  });
});
