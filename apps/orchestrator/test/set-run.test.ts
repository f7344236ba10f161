import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect } from 'vitest';
import { buildBadInputs, readSampleCorpus, runProofsheet, test } from '@proofsheet/testkit';

/** Replaces temp paths, run ids and timings so output can be snapshotted. */
function normalise(text: string, replacements: Record<string, string>): string {
  let out = text;
  for (const [from, to] of Object.entries(replacements)) out = out.split(from).join(to);
  return out.replace(/run_\d{8}_\d{6}_cli(?:_\d+)?/g, '<run_id>');
}

function hashFolder(dir: string): Record<string, string> {
  const hash = (file: string): string => (fs.lstatSync(file).isFile() ? createHash('sha256').update(fs.readFileSync(file)).digest('hex') : 'not a file');
  return Object.fromEntries(fs.readdirSync(dir).map((name) => [name, hash(path.join(dir, name))]));
}

type RunJson = { run_id: string; status: string; counts: Record<string, number>; log_dir: string };

describe('proofsheet set and run', () => {
  test('set add → run → rows; a second run of the same folder reports duplicates only', { timeout: 120_000 }, async ({ tmp }) => {
    const root = tmp.join('project');
    const bad = tmp.join('bad');
    const manifest = await buildBadInputs(bad);
    const city = path.join(await readSampleCorpus(), 'city');
    const before = { bad: hashFolder(bad), city: hashFolder(city) };
    expect((await runProofsheet(['init', '--root', root])).code).toBe(0);

    const added = await runProofsheet(['set', 'add', bad, '--subject', 'Test & Co', '--location', "Côte d'Azur", '--category', 'Objects', '--root', root, '--json']);
    expect(added.code).toBe(0);
    const queuedInputs = manifest.filter((m) => m.expect === 'queued').length;
    // `files` counts files whose content is a supported image (some are still corrupt or bombs).
    const images = queuedInputs + manifest.filter((m) => m.expect === 'duplicate' || m.expect === 'IMAGE_CORRUPT' || m.expect === 'IMAGE_TOO_LARGE').length;
    expect(JSON.parse(added.stdout)).toEqual({ set_id: 1, files: images });
    expect((await runProofsheet(['set', 'add', 'city', '--subject', 'Street Life', '--location', 'Bilbao', '--category', 'City', '--root', root], { cwd: path.dirname(city) })).code).toBe(0);
    const list = await runProofsheet(['set', 'list', '--root', root, '--json']);
    expect((JSON.parse(list.stdout) as Array<Record<string, unknown>>).map((s) => [s.id, s.folder, s.status, s.files])).toEqual([
      [1, bad, 'pending', images],
      [2, city, 'pending', 4],
    ]);

    const run = await runProofsheet(['run', '--no-caption', '--root', root, '--json'], { timeoutMs: 60_000 });
    expect(run.code).toBe(1); // finished, but some files are Error rows
    const report = JSON.parse(run.stdout) as RunJson;
    const errors = manifest.filter((m) => !['queued', 'duplicate', 'skipped'].includes(m.expect)).length;
    expect(report).toMatchObject({ status: 'completed', counts: { files: manifest.length + 4, queued: queuedInputs + 4, duplicates: 1, errors, pending: 0, needs_work: 0, quarantined: 0 } });
    expect(report.log_dir).toBe(path.join(root, 'logs', 'runs', report.run_id));
    const runLog = fs.readFileSync(path.join(report.log_dir, 'run.log'), 'utf8');
    expect(runLog).toContain('[STAGE 4/8] Insert review rows');
    expect(runLog).toMatch(/row finished stage .*stage=stage .*outcome=failed .*error_code=FILE_EMPTY/);
    expect(normalise(run.stderr, { [root]: '<root>', [tmp.path]: '<tmp>' })).toMatchInlineSnapshot(`
      "[STAGE 1/8] Validate sets
        2 set(s) valid, 30 file(s)
      [INFO] run <run_id>: 2 set(s); logs in <root>/logs/runs/<run_id>
      [STAGE 2/8] Stage to incoming
        set 1: 16 staged, 9 failed, 1 duplicate(s)
        set 2: 4 staged, 0 failed, 0 duplicate(s)
      [STAGE 3/8] EXIF and naming
      [STAGE 4/8] Insert review rows
        set 1: 16 row(s) queued, 9 error row(s)
        set 2: 4 row(s) queued, 0 error row(s)
      [INFO] 31 file(s): 20 queued, 1 duplicate(s), 9 error(s), 1 skipped
      [INFO] stages 5-7 (quality, derivatives, captions) are not wired into run yet; rows stay Queued after stage 4
      "
    `);

    const rows = JSON.parse((await runProofsheet(['rows', '--root', root, '--json'])).stdout) as Array<Record<string, unknown>>;
    expect(rows.filter((r) => r.Review_Status === 'Queued')).toHaveLength(queuedInputs + 4);
    expect(rows.filter((r) => r.Review_Status === 'Error').map((r) => r.error_code).sort()).toEqual(
      manifest.filter((m) => !['queued', 'duplicate', 'skipped'].includes(m.expect)).map((m) => m.expect).sort(),
    );
    expect(rows.find((r) => r.Original_File_Name === '<script>alert(1)<script>.jpg')?.File_Name).toMatch(/^Test_and_Co_Cote_d_Azur_Objects_Photography_\d{4}_\d{3}\.JPG$/);
    expect({ bad: hashFolder(bad), city: hashFolder(city) }).toEqual(before);

    const nothing = await runProofsheet(['run', '--root', root]);
    expect([nothing.code, nothing.stdout.trim()]).toEqual([0, 'No pending sets. Add one with: proofsheet set add <folder> --subject S --location L --category C']);

    await runProofsheet(['set', 'add', bad, '--subject', 'Again', '--location', 'Here', '--category', 'Birds', '--root', root]);
    const again = await runProofsheet(['run', '--set', '3', '--root', root, '--json'], { timeoutMs: 60_000 });
    expect(again.code).toBe(0);
    expect((JSON.parse(again.stdout) as RunJson).counts).toMatchObject({ files: manifest.length, queued: 0, errors: 0, duplicates: manifest.length - 1 });
    expect(JSON.parse((await runProofsheet(['rows', '--root', root, '--json'])).stdout)).toHaveLength(rows.length);
  });

  test('set add refuses an invalid set listing every problem, and set remove keeps sets with rows', { timeout: 120_000 }, async ({ tmp }) => {
    const root = tmp.join('project');
    await runProofsheet(['init', '--root', root]);
    tmp.write('notes/readme.txt', 'hello');
    const invalid = await runProofsheet(['set', 'add', tmp.join('notes'), '--subject', '!!!', '--location', ' ', '--category', 'Birds', '--root', root]);
    expect(invalid.code).toBe(2);
    expect(normalise(invalid.stderr, { [tmp.path]: '<tmp>' })).toMatchInlineSnapshot(`
      "error [SET_INVALID]: the set was not added:
        - <tmp>/notes: subject "!!!" has no letters or digits a filename can use
        - <tmp>/notes: location is empty
        - <tmp>/notes: no supported image (JPEG, PNG, TIFF, WebP, HEIC) among 1 file(s) in <tmp>/notes
      "
    `);
    expect(JSON.parse((await runProofsheet(['set', 'list', '--root', root, '--json'])).stdout)).toEqual([]);

    tmp.write('photos/a.jpg', fs.readFileSync(path.join(await readSampleCorpus(), 'city', 'Wine_by_Jakkub_Mede.jpg')));
    await runProofsheet(['set', 'add', tmp.join('photos'), '--subject', 'A', '--location', 'B', '--category', 'C', '--root', root]);
    await runProofsheet(['set', 'add', tmp.join('photos'), '--subject', 'A', '--location', 'B', '--category', 'C', '--root', root]);
    expect((await runProofsheet(['run', '--set', '1', '--root', root])).code).toBe(0);
    const refused = await runProofsheet(['set', 'remove', '1', '--root', root]);
    expect([refused.code, refused.stderr.split('\n')[0]]).toEqual([2, 'error [SET_HAS_ROWS]: set 1 already has 1 row(s) in the queue and cannot be removed; reject its rows instead']);
    const removed = await runProofsheet(['set', 'remove', '2', '--root', root, '--json']);
    expect([removed.code, JSON.parse(removed.stdout)]).toEqual([0, { removed: 2 }]);
  });
});
