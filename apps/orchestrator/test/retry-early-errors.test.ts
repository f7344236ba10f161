import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import { listRowEvents, openQueueDatabase } from '@proofsheet/queue';
import { runProofsheet, test } from '@proofsheet/testkit';

const SAMPLES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../samples/landscapes');

type Row = { id: number; Review_Status: string; File_Name: string | null; Original_File_Name: string; error_code: string | null; error_stage: number | null };

async function rowsOf(root: string): Promise<Row[]> {
  const rows = JSON.parse((await runProofsheet(['rows', '--root', root, '--json'])).stdout) as Row[];
  return rows.sort((a, b) => a.id - b.id);
}

// Files that fail at stages 1-2 (a zero-byte file, a file that is not an image) never get a staged,
// named copy. Requeued, no stage would pick them up, and a Queued row cannot be rejected: retry
// refuses them with the reason, and reject is their terminal state.
test('Error rows from files that failed before naming: retry refuses them with the reason, reject ends them, re-adding the folder loses nothing', { timeout: 180_000 }, async ({ tmp }) => {
  const root = tmp.join('project');
  const photos = tmp.join('photos');
  fs.mkdirSync(photos);
  const sample = fs.readdirSync(SAMPLES).find((f) => /\.jpe?g$/i.test(f))!;
  fs.copyFileSync(path.join(SAMPLES, sample), path.join(photos, sample));
  fs.writeFileSync(path.join(photos, 'empty.jpg'), '');
  fs.writeFileSync(path.join(photos, 'notes.jpg'), 'not an image at all\n');
  expect((await runProofsheet(['init', '--root', root])).code).toBe(0);
  const add = ['set', 'add', photos, '--subject', 'Basque Mountains', '--location', 'Gipuzkoa', '--category', 'Landscape', '--root', root];
  expect((await runProofsheet(add)).code).toBe(0);
  const run = await runProofsheet(['run', '--no-caption', '--root', root, '--json'], { timeoutMs: 120_000 });
  expect(run.code, run.stderr).toBe(1);
  const rows = await rowsOf(root);
  const failed = rows.filter((r) => r.Review_Status === 'Error');
  expect(failed.map((r) => [r.Original_File_Name, r.error_code, r.File_Name])).toEqual([
    ['empty.jpg', 'FILE_EMPTY', null],
    ['notes.jpg', 'FILE_NOT_IMAGE', null],
  ]);
  expect(rows.filter((r) => r.Review_Status === 'Pending')).toHaveLength(1);

  const retry = await runProofsheet(['retry', '--root', root, '--json']);
  expect(retry.code, retry.stderr).toBe(1);
  const report = JSON.parse(retry.stdout) as { requeued: number; refused: Array<{ id: number; error_code: string; reason: string }> };
  expect(report.requeued).toBe(0);
  expect(report.refused.map((r) => [r.id, r.error_code])).toEqual(failed.map((r) => [r.id, r.error_code]));
  expect(report.refused[0]?.reason).toContain(`a retry cannot change it; reject the row ("proofsheet reject ${failed[0]!.id}")`);
  expect((await rowsOf(root)).filter((r) => r.Review_Status === 'Error')).toHaveLength(2); // still visible, still Error

  const reject = await runProofsheet(['reject', ...failed.map((r) => String(r.id)), '--root', root]);
  expect(reject.code, reject.stdout + reject.stderr).toBe(0);
  expect((await rowsOf(root)).filter((r) => failed.some((f) => f.id === r.id)).map((r) => r.Review_Status)).toEqual(['Rejected', 'Rejected']);
  const db = openQueueDatabase(path.join(root, 'data', 'proofsheet.db'));
  expect(listRowEvents(db, failed[0]!.id).at(-1)).toMatchObject({ kind: 'decision', old_value: 'Error', new_value: 'Rejected', actor: 'operator' });
  db.close();

  // The same folder again: the photo duplicates its named row; the two files whose content failed
  // duplicate their (rejected) rows, since the same bytes fail the same way. No row is added.
  expect((await runProofsheet(add)).code).toBe(0);
  const again = await runProofsheet(['run', '--no-caption', '--root', root, '--json'], { timeoutMs: 120_000 });
  expect(again.code, again.stderr).toBe(0);
  expect(JSON.parse(again.stdout)).toMatchObject({ counts: { files: 3, duplicates: 3, queued: 0, errors: 0 } });
  expect(await rowsOf(root)).toHaveLength(3);
});
