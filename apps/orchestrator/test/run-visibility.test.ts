import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect } from 'vitest';
import { runProofsheet, test } from '@proofsheet/testkit';
import { makeDamagedExifJpeg, makeTinyJpeg } from './fixtures/odd-images.js';

const SAMPLES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../samples/landscapes');

type TraceEvent = { event?: string; stage?: string; outcome?: string; processed?: number; done?: number; total?: number; duration_ms?: unknown; row_id?: unknown };

describe('nothing that changes a result is silent, and the trace tells the truth', () => {
  test('damaged EXIF and an unwritable sink health record are reported; per-stage progress and processed counts are the real ones', { timeout: 180_000 }, async ({ tmp }) => {
    const root = tmp.join('project');
    const photos = tmp.join('photos');
    fs.cpSync(SAMPLES, photos, { recursive: true });
    await makeDamagedExifJpeg(path.join(photos, 'damaged-exif.jpg'));
    await makeTinyJpeg(path.join(photos, 'tiny.jpg')); // passes stages 1-4, fails scoring (too small): never reaches the caption stage
    expect((await runProofsheet(['init', '--root', root])).code).toBe(0);
    expect((await runProofsheet(['set', 'add', photos, '--subject', 'Basque Mountains', '--location', 'Gipuzkoa', '--category', 'Landscape', '--root', root])).code).toBe(0);
    // The health record cannot be replaced (a folder is in its way).
    fs.mkdirSync(path.join(root, 'logs', 'sink_health.json'), { recursive: true });

    const run = await runProofsheet(['run', '--no-caption', '--root', root, '--json'], { timeoutMs: 120_000 });
    expect(run.code, run.stderr).toBe(1); // the tiny image failed
    expect(run.stderr).toMatch(/sink_health\.json cannot be written \(.+\); "proofsheet status" and "doctor" show stale sink health/);
    expect(run.stderr).toMatch(/\[WARN\] .*damaged-exif\.jpg: EXIF is damaged: .+; the name has no camera and its year from the file's modification time/);

    const logDir = (JSON.parse(run.stdout) as { log_dir: string }).log_dir;
    const runLog = fs.readFileSync(path.join(logDir, 'run.log'), 'utf8');
    expect(runLog).toMatch(/EXIF unreadable: name built without it/);
    expect(runLog).toMatch(/sink health record cannot be written/);

    const trace = fs.readFileSync(path.join(logDir, 'trace.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as TraceEvent);
    const complete = Object.fromEntries(trace.filter((e) => e.event === 'stage_complete').map((e) => [e.stage, e.processed]));
    expect(complete).toMatchObject({ quality: 6, derive: 6, caption: 5 });
    const lastProgress = (stage: string) => trace.filter((e) => e.event === 'stage_progress' && e.stage === stage).at(-1);
    expect(lastProgress('quality')).toMatchObject({ done: 6, total: 6 });
    expect(lastProgress('caption')).toMatchObject({ done: 5, total: 6 });
    const inserts = trace.filter((e) => e.event === 'row_stage_finished' && e.stage === 'insert');
    expect(inserts).toHaveLength(6);
    for (const event of inserts) expect(Number.isInteger(event.duration_ms) && (event.duration_ms as number) >= 0).toBe(true);
    expect(trace.filter((e) => e.event === 'stage_error')).toEqual([]);
  });
});
