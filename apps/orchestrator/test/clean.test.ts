import fs from 'node:fs';
import path from 'node:path';
import { expect } from 'vitest';
import { createRun, finishRun, openQueueDatabase } from '@proofsheet/queue';
import { createSampleProject, deadPid, readProjectRows, runProofsheet, sha256File as sha256, test } from '@proofsheet/testkit';

type Row = { id: number; incoming_path: string; content_sha256: string };

/** Every file under `dir` with its hash. */
function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const entry of fs.readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) out[path.join(entry.parentPath, entry.name)] = sha256(path.join(entry.parentPath, entry.name));
  }
  return out;
}

test('clean lists and removes only what no row references, and refuses while a run is live', { timeout: 180_000 }, async ({ tmp }) => {
  const { root } = await createSampleProject(tmp);
  expect((await runProofsheet(['run', '--no-caption', '--root', root], { timeoutMs: 120_000 })).code).toBe(0);
  const rows = await readProjectRows<Row>(root);
  const data = path.join(root, 'data');
  const referenced = { ...snapshot(path.join(data, 'incoming')), ...snapshot(path.join(data, 'derived')) };
  expect(Object.keys(referenced).length).toBeGreaterThanOrEqual(4 * 4); // 4 staged copies + 3 derivatives each

  // What a crash or a failed stage 3 leaves behind, and things that are not clean's to touch.
  const setDir = path.dirname(rows[0]!.incoming_path);
  const orphan = path.join(setDir, `${'ab'.repeat(32)}.jpg`);
  const deadTemp = path.join(setDir, `.staging-${deadPid()}-x1y2.partial`);
  const liveTemp = path.join(setDir, `.staging-${process.pid}-z3.partial`);
  const notOurs = path.join(setDir, 'notes.txt');
  const goneRow = path.join(data, 'derived', '999');
  for (const file of [orphan, deadTemp, liveTemp, notOurs]) fs.writeFileSync(file, 'x'.repeat(1000));
  fs.mkdirSync(goneRow);
  fs.writeFileSync(path.join(goneRow, 'thumb.jpg'), 'y'.repeat(500));
  const planted = [orphan, deadTemp, goneRow].sort();

  const dry = await runProofsheet(['clean', '--dry-run', '--root', root, '--json']);
  expect(dry.code, dry.stderr).toBe(0);
  expect((JSON.parse(dry.stdout) as { items: Array<{ path: string }> }).items.map((i) => i.path).sort()).toEqual(planted);
  for (const target of planted) expect(fs.existsSync(target)).toBe(true);

  // A live run (this process) owns the data: clean refuses and touches nothing.
  const db = openQueueDatabase(path.join(data, 'proofsheet.db'));
  const live = createRun(db, { trigger: 'cli' });
  const refused = await runProofsheet(['clean', '--root', root]);
  expect(refused.code).toBe(2);
  expect(refused.stderr).toMatch(/RUN_IN_PROGRESS/);
  for (const target of planted) expect(fs.existsSync(target)).toBe(true);
  finishRun(db, live.id, { status: 'completed' });
  db.close();

  const cleaned = await runProofsheet(['clean', '--root', root, '--json']);
  expect(cleaned.code, cleaned.stderr).toBe(0);
  expect((JSON.parse(cleaned.stdout) as { items: Array<{ path: string }> }).items.map((i) => i.path).sort()).toEqual(planted);
  for (const target of planted) expect(fs.existsSync(target)).toBe(false);
  for (const kept of [liveTemp, notOurs]) expect(fs.existsSync(kept)).toBe(true);
  // Every file a row references is still there, byte for byte.
  const after = { ...snapshot(path.join(data, 'incoming')), ...snapshot(path.join(data, 'derived')) };
  for (const [file, hash] of Object.entries(referenced)) expect(after[file], file).toBe(hash);
  for (const row of rows) expect(sha256(row.incoming_path)).toBe(row.content_sha256);
});
