import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import { openQueueDatabase, updateRowFields } from '@proofsheet/queue';
import { runProofsheet, test } from '@proofsheet/testkit';

const SAMPLES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../samples/landscapes');

type PublishJson = { published: number; failed: number; skipped: number; rows: Array<{ id: number; File_Name: string; status: string; error_code: string | null }> };

/** Every file under `dir`, relative, sorted ([] when it does not exist). */
function listTree(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return (fs.readdirSync(dir, { recursive: true, withFileTypes: true }) as fs.Dirent[]).filter((e) => e.isFile()).map((e) => path.relative(dir, path.join(e.parentPath, e.name))).sort();
}

test('run → approve → publish --dry-run changes nothing → publish puts every approved row on the local site once', { timeout: 240_000 }, async ({ tmp }) => {
  const root = tmp.join('project');
  expect((await runProofsheet(['init', '--root', root])).code).toBe(0);
  expect((await runProofsheet(['set', 'add', SAMPLES, '--subject', 'Sierra', '--location', 'País Vasco', '--category', 'Landscapes', '--root', root])).code).toBe(0);
  expect((await runProofsheet(['run', '--no-caption', '--root', root], { timeoutMs: 180_000 })).code).toBe(0);
  const rows = JSON.parse((await runProofsheet(['rows', '--root', root, '--json'])).stdout) as Array<{ id: number; File_Name: string }>;
  expect(rows.length).toBeGreaterThanOrEqual(3);
  const db = openQueueDatabase(path.join(root, 'data/proofsheet.db'));
  for (const row of rows) updateRowFields(db, row.id, { Caption: `Montañas del norte, foto ${row.id}.`, alt_text: 'Cumbres verdes bajo nubes', Keywords: 'montaña, niebla, Euskadi' }, { kind: 'operator' });
  db.close();
  const [first, second] = rows as [{ id: number; File_Name: string }, { id: number; File_Name: string }];
  expect((await runProofsheet(['approve', String(first.id), String(second.id), '--root', root])).code).toBe(0);

  const dry = await runProofsheet(['publish', '--dry-run', '--root', root, '--json'], { timeoutMs: 60_000 });
  expect(dry.code).toBe(0);
  expect(JSON.parse(dry.stdout)).toMatchObject({ published: 2, failed: 0, skipped: 0, dry_run: true });
  expect(listTree(path.join(root, 'data/site'))).toEqual([]);
  expect(fs.existsSync(path.join(root, 'data/publish'))).toBe(false);

  const run = await runProofsheet(['publish', '--root', root, '--json'], { timeoutMs: 120_000 });
  expect(run.stderr).not.toContain('error');
  expect(run.code).toBe(0);
  const json = JSON.parse(run.stdout) as PublishJson;
  expect(json).toMatchObject({ published: 2, failed: 0, skipped: 0 });
  expect(json.rows.map((r) => ({ id: r.id, File_Name: r.File_Name, status: r.status, error_code: r.error_code }))).toEqual(
    [first, second].map((r) => ({ id: r.id, File_Name: r.File_Name, status: 'published', error_code: null })),
  );
  const year = /_(\d{4})_\d{3}\.JPG$/.exec(first.File_Name)?.[1] ?? '';
  expect(listTree(path.join(root, 'data/site'))).toEqual([first, second].flatMap((r) => [`${year}/landscapes/${r.File_Name}`, `${year}/thumbs/landscapes/${r.File_Name}`]).sort());

  const log = fs.readFileSync(path.join(root, 'logs/publish.log'), 'utf8');
  for (const step of ['prepared', 'guarded', 'web_uploaded', 'thumb_uploaded', 'cataloged', 'mirrored']) {
    expect(log.split('\n').filter((l) => l.includes('publish step finished') && l.includes(`step=${step}`) && l.includes(first.File_Name))).toHaveLength(1);
  }

  const statuses = JSON.parse((await runProofsheet(['rows', '--root', root, '--json'])).stdout) as Array<{ id: number; Review_Status: string }>;
  expect(statuses.map((r) => r.Review_Status)).toEqual(rows.map((_, i) => (i < 2 ? 'Published' : 'Pending')));
  const again = await runProofsheet(['publish', '--row', String(first.id), '--row', String(rows[2]?.id), '--root', root, '--json'], { timeoutMs: 60_000 });
  expect(again.code).toBe(0);
  expect(JSON.parse(again.stdout)).toMatchObject({ published: 0, skipped: 2, rows: [{ status: 'skipped' }, { status: 'skipped' }] });
});
