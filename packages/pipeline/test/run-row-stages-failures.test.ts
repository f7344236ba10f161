import { readdirSync } from 'node:fs';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect } from 'vitest';
import { resolveConfig, systemClock, toProjectPaths, type ResolvedConfig } from '@proofsheet/core';
import { createRun, createSet, listRows, openDatabase, openQueueDatabase } from '@proofsheet/queue';
import { test } from '@proofsheet/testkit';
import { runIngest, runRowStages, validateIngestSets } from '../src/index.js';

const SAMPLES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../samples/landscapes');

function captionsOff(): ResolvedConfig {
  const result = resolveConfig({ env: {}, flags: { caption: { enabled: false } } });
  if (!result.ok) throw new Error(JSON.stringify(result.issues));
  return result.config;
}

/** The bundled samples ingested into a fresh project (four rows waiting at stage 4); `busyTimeoutMs` for the runner's connection. */
async function ingested(root: string, busyTimeoutMs?: number) {
  const config = captionsOff();
  const paths = toProjectPaths(root, config.paths);
  fs.mkdirSync(paths.data, { recursive: true });
  const setup = openQueueDatabase(paths.database);
  const set = createSet(setup, { folder: SAMPLES, subject: 'Basque Mountains', location: 'Gipuzkoa Spain', category: 'Landscape', fileCount: 4 });
  const runId = createRun(setup, { trigger: 'cli', setIds: [set.id] }).id;
  await runIngest({ db: setup, sets: await validateIngestSets([set], config.naming, systemClock), paths, naming: config.naming, runId });
  setup.close();
  const db = openQueueDatabase(paths.database, busyTimeoutMs === undefined ? {} : { busyTimeoutMs });
  return { db, paths, config, runId };
}

const threads = () => readdirSync('/proc/self/task').length;

describe('runRowStages when its environment fails', () => {
  test('a lock held by another connection mid-run stops the run with DB_BUSY (operational); no row is blamed', async ({ tmp }) => {
    const { db, paths, config, runId } = await ingested(tmp.path, 50);
    const other = openDatabase(paths.database);
    try {
      other.exec('BEGIN IMMEDIATE'); // the review server saving an edit, say
      await expect(runRowStages({ db, paths, config, runId, say: () => undefined })).rejects.toMatchObject({ code: 'DB_BUSY', kind: 'operational' });
      other.exec('ROLLBACK');
      expect(listRows(db).map((r) => [r.Review_Status, r.stage_done, r.error_code])).toEqual(Array(4).fill(['Queued', 4, null]));
      // With the lock gone the same rows simply continue.
      const result = await runRowStages({ db, paths, config, runId, say: () => undefined });
      expect(result.counts).toMatchObject({ pending: 4, errors: 0 });
    } finally {
      if (other.inTransaction) other.exec('ROLLBACK');
      other.close();
      db.close();
    }
  });

  test('a captioner that cannot be created does not leave the scorer\'s worker threads running', async ({ tmp }) => {
    const { db, paths, config, runId } = await ingested(tmp.path);
    try {
      const before = threads();
      const failing = () => {
        throw new Error('caption settings rejected');
      };
      await expect(runRowStages({ db, paths, config, runId, say: () => undefined, openCaptioner: failing })).rejects.toThrow('caption settings rejected');
      expect(threads()).toBeLessThanOrEqual(before + 1);
    } finally {
      db.close();
    }
  });
});
