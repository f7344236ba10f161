import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect } from 'vitest';
import { ProofsheetError, resolveConfig, systemClock, toProjectPaths, type ConfigOverrides, type ResolvedConfig } from '@proofsheet/core';
import { createRun, createSet, listCaptionAttempts, listRows, openQueueDatabase, type SqliteDatabase } from '@proofsheet/queue';
import { createOllamaStandIn, test, type OllamaStandIn, type StandInInference, type StandInModel } from '@proofsheet/testkit';
import { runIngest, runRowStages, validateIngestSets, type RowStagesOptions } from '../src/index.js';

// Issue 12 item 15: Ollama vanishing mid-run, quarantine and the fallback model, through the
// product's own path (runRowStages → caption step → captioner.captionRow) on a real SQLite queue
// filled by the real ingest from real images.

const SAMPLES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../samples/landscapes');

const cleanup: Array<() => unknown> = [];
afterEach(async () => {
  for (const fn of cleanup.splice(0).reverse()) await fn();
});

function configFor(caption: NonNullable<ConfigOverrides['caption']>): ResolvedConfig {
  const result = resolveConfig({ env: {}, flags: { caption } });
  if (!result.ok) throw new Error(JSON.stringify(result.issues));
  return result.config;
}

async function startStandIn(models: StandInModel[] = [{ name: 'qwen2.5vl:7b', parallel: 2 }]): Promise<OllamaStandIn> {
  const server = await createOllamaStandIn({ models });
  cleanup.push(() => server.close());
  return server;
}

/** A project with the bundled sample set ingested (stages 1–4): four `Queued` rows. */
async function ingestSamples(root: string, config: ResolvedConfig): Promise<Pick<RowStagesOptions, 'db' | 'paths' | 'config' | 'runId'> & { db: SqliteDatabase }> {
  const paths = toProjectPaths(root, config.paths);
  fs.mkdirSync(paths.data, { recursive: true });
  const db = openQueueDatabase(paths.database);
  cleanup.push(() => db.close());
  const set = createSet(db, { folder: SAMPLES, subject: 'Basque Mountains', location: 'Gipuzkoa Spain', category: 'Landscape', fileCount: 4 });
  const validated = await validateIngestSets([set], config.naming, systemClock);
  const runId = createRun(db, { trigger: 'cli', setIds: [set.id] }).id;
  const ingest = await runIngest({ db, sets: validated, paths, naming: config.naming, runId });
  expect(ingest.counts.queued).toBe(4);
  return { db, paths, config, runId };
}

interface LogEntry {
  readonly level: 'info' | 'warn';
  readonly message: string;
  readonly fields: Readonly<Record<string, unknown>>;
  readonly at: number;
}

/** A run log that keeps the info and warn events (the caption stage logs through it). */
function createMemoryRunLog(onInfo: (message: string) => void = () => undefined): NonNullable<RowStagesOptions['runLog']> & { entries: LogEntry[] } {
  const entries: LogEntry[] = [];
  return {
    entries,
    stageStart: () => undefined,
    stageProgress: () => undefined,
    stageComplete: () => undefined,
    stageError: () => undefined,
    rowFinished: () => undefined,
    info(message, fields = {}) {
      entries.push({ level: 'info', message, fields, at: performance.now() });
      onInfo(message);
    },
    warn: (message, fields = {}) => void entries.push({ level: 'warn', message, fields, at: performance.now() }),
  };
}

/** Polls `condition` every 10 ms (waits for events, not for fixed times, on a loaded machine). */
async function waitFor(condition: () => boolean, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

const withImage = (r: StandInInference) => r.images.length > 0;
const probes = (log: { entries: LogEntry[] }) => log.entries.filter((e) => e.message === 'ollama_probe').map((e) => e.fields as { delay_ms: number; ok: boolean });

describe('runRowStages: Ollama goes away mid-run', () => {
  test('the caption stage pauses, probes with backoff, stops after caption.unavailableAfterSec; every row stays Queued, none fails', async ({ tmp }) => {
    const server = await startStandIn();
    server.script({ match: withImage, times: 2, behaviour: { kind: 'hang' } });
    const project = await ingestSamples(tmp.path, configFor({ hosts: [{ url: server.url, slots: 2 }], unavailableAfterSec: 1 }));
    const runLog = createMemoryRunLog();
    const lines: string[] = [];
    const running = runRowStages({ ...project, runLog, say: (line) => lines.push(line) });
    await waitFor(() => server.inferences().length === 2);
    await server.stop();
    const result = await running;

    expect(result).toMatchObject({ rows: 4, interrupted: true, counts: { pending: 0, needs_work: 0, quarantined: 0, errors: 0, waiting: 4 } });
    for (const row of listRows(project.db)) expect(row).toMatchObject({ Review_Status: 'Queued', stage_done: 6, error_code: null, Caption: null });
    const paused = runLog.entries.find((e) => e.message === 'ollama_unavailable_pausing')!;
    const stopped = runLog.entries.find((e) => e.message === 'caption_stage_stopped')!;
    expect(stopped.fields.message).toMatch(new RegExp(`^Ollama unreachable at ${server.url} for 1\\.0 s \\(probed \\d+ times with backoff\\); caption stage stopped, remaining rows stay Queued$`));
    expect(stopped.at - paused.at).toBeGreaterThanOrEqual(990);
    expect(lines.filter((l) => l.startsWith('[WARN] Ollama unreachable'))).toEqual([`[WARN] ${String(stopped.fields.message)}`]);
    const seen = probes(runLog);
    expect(seen.map((p) => p.delay_ms).slice(0, 3)).toEqual([100, 200, 250]);
    expect(seen.every((p) => !p.ok)).toBe(true);
    // The two rows in flight when it went away kept their attempt; nothing counted toward quarantine.
    const attempts = listRows(project.db).flatMap((row) => listCaptionAttempts(project.db, row.id).map((a) => a.outcome));
    expect(attempts.filter((o) => o === 'unreachable').length).toBeGreaterThanOrEqual(2);
    expect(attempts.every((o) => o === 'unreachable')).toBe(true);
    expect(fs.existsSync(path.join(project.paths.runs, project.runId, 'prefill_qc.json'))).toBe(false);
  }, 120_000);

  test('Ollama coming back during the pause lets every row finish; the interrupted requests are retried, not burnt', async ({ tmp }) => {
    const server = await startStandIn();
    server.script({ match: withImage, times: 2, behaviour: { kind: 'hang' } });
    const project = await ingestSamples(tmp.path, configFor({ hosts: [{ url: server.url, slots: 2 }], unavailableAfterSec: 10 }));
    const runLog = createMemoryRunLog();
    const running = runRowStages({ ...project, runLog, say: () => undefined });
    await waitFor(() => server.inferences().length === 2);
    await server.stop();
    await waitFor(() => probes(runLog).length >= 2);
    await server.start();
    const result = await running;

    expect(result).toMatchObject({ interrupted: false, counts: { pending: 4, quarantined: 0, errors: 0, waiting: 0 } });
    for (const row of listRows(project.db)) expect(row).toMatchObject({ Review_Status: 'Pending', stage_done: 7, error_code: null });
    const outcomes = listRows(project.db).map((row) => listCaptionAttempts(project.db, row.id).map((a) => a.outcome).join(','));
    expect(outcomes.filter((o) => o === 'unreachable,accepted')).toHaveLength(2);
    expect(probes(runLog).at(-1)?.ok).toBe(true);
    expect(runLog.entries.map((e) => e.message)).not.toContain('caption_stage_stopped');
  }, 120_000);

  test('a bug while the stage probes (the run log throws) stops the run as INTERNAL instead of waiting the rows out as an outage', async ({ tmp }) => {
    const server = await startStandIn();
    server.script({ match: withImage, times: 2, behaviour: { kind: 'hang' } });
    const project = await ingestSamples(tmp.path, configFor({ hosts: [{ url: server.url, slots: 2 }], unavailableAfterSec: 5 }));
    const runLog = createMemoryRunLog((message) => {
      if (message === 'ollama_probe') throw new TypeError("Cannot read properties of undefined (reading 'write')");
    });
    const running = runRowStages({ ...project, runLog, say: () => undefined });
    await waitFor(() => server.inferences().length === 2);
    await server.stop();
    const failure = await running.then(() => undefined, (error: unknown) => error);

    expect(failure).toBeInstanceOf(ProofsheetError);
    expect((failure as ProofsheetError).code).toBe('INTERNAL');
    expect((failure as ProofsheetError).cause).toBeInstanceOf(TypeError);
    expect(runLog.entries.map((e) => e.message)).not.toContain('caption_stage_stopped');
    for (const row of listRows(project.db)) expect(row).toMatchObject({ Review_Status: 'Queued', stage_done: 6, error_code: null });
  }, 120_000);
});

describe('runRowStages: quarantine and fallback', () => {
  test('a row whose requests hang three times is quarantined (CaptionQuarantined, Error) while the others finish', async ({ tmp }) => {
    const server = await startStandIn([{ name: 'qwen2.5vl:7b', parallel: 1 }]);
    // One slot: the caption stage handles one row at a time, so the first row captioned gets all three hangs.
    server.script({ match: withImage, times: 3, behaviour: { kind: 'hang' } });
    const project = await ingestSamples(tmp.path, configFor({ hosts: [{ url: server.url, slots: 1 }], idleTimeoutSec: 1, quarantineAfter: 3 }));
    const result = await runRowStages({ ...project, say: () => undefined });

    expect(result).toMatchObject({ interrupted: false, counts: { pending: 3, quarantined: 1, errors: 0, waiting: 0 } });
    const [quarantined, ...others] = [...listRows(project.db)].sort((a, b) => (a.Review_Status === 'Error' ? -1 : b.Review_Status === 'Error' ? 1 : 0));
    expect(quarantined).toMatchObject({ Review_Status: 'Error', QC_Status: 'CaptionQuarantined', error_code: 'CAPTION_QUARANTINED', error_message: 'idle_timeout; idle_timeout; idle_timeout' });
    expect(listCaptionAttempts(project.db, quarantined!.id).map((a) => [a.outcome, a.error_code])).toEqual(Array(3).fill(['idle_timeout', 'CAPTION_TIMEOUT']));
    for (const row of others) expect(row).toMatchObject({ Review_Status: 'Pending', stage_done: 7 });
  }, 120_000);

  test('answers of the primary model that keep failing the guardrails move the row to the fallback model', async ({ tmp }) => {
    const server = await startStandIn([{ name: 'qwen2.5vl:7b', parallel: 2 }, { name: 'llava:7b', parallel: 2 }]);
    server.script({ model: 'qwen2.5vl:7b', match: withImage, behaviour: { kind: 'break', rule: 'caption_too_short' } });
    const project = await ingestSamples(tmp.path, configFor({ hosts: [{ url: server.url, slots: 2 }], fallbackModel: 'llava:7b', maxAttempts: 2 }));
    const result = await runRowStages({ ...project, say: () => undefined });

    expect(result).toMatchObject({ interrupted: false, counts: { pending: 4, needs_work: 0, errors: 0 } });
    for (const row of listRows(project.db)) {
      expect(row).toMatchObject({ Review_Status: 'Pending', stage_done: 7 });
      expect(JSON.parse(row.caption_provenance ?? '{}')).toMatchObject({ caption: { model: 'llava:7b', fallback_used: true, attempts: 3 } });
      expect(listCaptionAttempts(project.db, row.id).map((a) => `${a.model}:${a.outcome}`)).toEqual(['qwen2.5vl:7b:rejected', 'qwen2.5vl:7b:rejected', 'llava:7b:accepted']);
    }
  }, 120_000);
});
