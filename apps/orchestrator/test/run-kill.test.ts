import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { expect } from 'vitest';
import { parseStagedName, parseTempName } from '@proofsheet/ingest';
import { listRows, openQueueDatabase } from '@proofsheet/queue';
import { PROOFSHEET_BIN, readSampleCorpus, runProofsheet, SAMPLE_CORPUS_SETS, test } from '@proofsheet/testkit';

const KILLS = 4;

function sha256(file: string): string {
  return createHash('sha256').update(fs.readFileSync(file)).digest('hex');
}

/** Starts `proofsheet run`, waits until staging has begun, then SIGKILLs it after `delayMs`. */
async function killDuringStaging(root: string, delayMs: number): Promise<string> {
  const child = spawn(process.execPath, [PROOFSHEET_BIN, 'run', '--root', root], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  await new Promise<void>((resolve) => {
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      output += chunk;
      if (output.includes('[STAGE 2/8]')) resolve();
    });
    child.on('exit', () => resolve());
  });
  await new Promise((resolve) => setTimeout(resolve, delayMs));
  child.kill('SIGKILL');
  await exited;
  return output;
}

/** Every file in incoming is a temporary (`.staging-<pid>-….partial`) or a complete copy whose bytes hash to its name. */
function inspectIncoming(incoming: string): { temps: number; complete: number } {
  let temps = 0;
  let complete = 0;
  if (!fs.existsSync(incoming)) return { temps, complete };
  for (const setDir of fs.readdirSync(incoming)) {
    for (const name of fs.readdirSync(path.join(incoming, setDir))) {
      if (parseTempName(name) !== null) {
        temps += 1;
        continue;
      }
      expect(parseStagedName(name), `unexpected file ${name} in incoming`).not.toBeNull();
      expect(sha256(path.join(incoming, setDir, name)), `${name} is not a complete copy`).toBe(parseStagedName(name));
      complete += 1;
    }
  }
  return { temps, complete };
}

test('SIGKILL at random points during staging never leaves a partial file a later run takes as complete', { timeout: 300_000 }, async ({ tmp }) => {
  const root = tmp.join('project');
  const photos = tmp.join('photos');
  fs.mkdirSync(photos);
  const corpus = await readSampleCorpus();
  // Distinct content per copy (bytes after the JPEG end marker), so every file is really staged.
  let count = 0;
  for (const set of SAMPLE_CORPUS_SETS) {
    for (const name of fs.readdirSync(path.join(corpus, set))) {
      const bytes = fs.readFileSync(path.join(corpus, set, name));
      for (const copy of [1, 2]) fs.writeFileSync(path.join(photos, `${copy}-${name}`), Buffer.concat([bytes, Buffer.from(`copy ${copy}`)]));
      count += 2;
    }
  }
  expect((await runProofsheet(['init', '--root', root])).code).toBe(0);
  expect((await runProofsheet(['set', 'add', photos, '--subject', 'Kill', '--location', 'Test', '--category', 'Crash', '--root', root])).code).toBe(0);
  const before = Object.fromEntries(fs.readdirSync(photos).map((name) => [name, sha256(path.join(photos, name))]));
  const incoming = path.join(root, 'data', 'incoming');

  const observations: Array<{ delay: number; temps: number; complete: number; rows: number }> = [];
  for (let i = 0; i < KILLS; i += 1) {
    const delay = Math.floor(Math.random() * 600);
    await killDuringStaging(root, delay);
    const seen = inspectIncoming(incoming);
    const db = openQueueDatabase(path.join(root, 'data', 'proofsheet.db'));
    const rows = listRows(db).length;
    db.close();
    observations.push({ delay, ...seen, rows });
  }
  // At least one kill landed while staging was under way (copies on disk, no rows yet).
  expect(observations.some((o) => o.rows === 0 && o.temps + o.complete > 0), JSON.stringify(observations)).toBe(true);

  const final = await runProofsheet(['run', '--root', root, '--json'], { timeoutMs: 120_000 });
  const report = JSON.parse(final.stdout) as { counts: Record<string, number> };
  expect([final.code, report.counts.queued, report.counts.errors]).toEqual([0, count, 0]);
  const db = openQueueDatabase(path.join(root, 'data', 'proofsheet.db'));
  const rows = listRows(db);
  db.close();
  expect(rows.map((r) => r.Review_Status)).toEqual(Array(count).fill('Queued'));
  expect(new Set(rows.map((r) => r.File_Name)).size).toBe(count);
  const after = inspectIncoming(incoming);
  expect(after).toEqual({ temps: 0, complete: count });
  for (const row of rows) expect(sha256(row.incoming_path!)).toBe(row.content_sha256);
  expect(Object.fromEntries(fs.readdirSync(photos).map((name) => [name, sha256(path.join(photos, name))]))).toEqual(before);
});
