import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect } from 'vitest';
import { buildBadInputs, readSampleCorpus, runProofsheet, test } from '@proofsheet/testkit';

/** Replaces temp paths, run ids and timings so output can be snapshotted. */
function normalise(text: string, replacements: Record<string, string>): string {
  let out = text;
  for (const [from, to] of Object.entries(replacements)) out = out.split(from).join(to);
  return out;
}

function hashFolder(dir: string): Record<string, string> {
  const hash = (file: string): string => (fs.lstatSync(file).isFile() ? createHash('sha256').update(fs.readFileSync(file)).digest('hex') : 'not a file');
  return Object.fromEntries(fs.readdirSync(dir).map((name) => [name, hash(path.join(dir, name))]));
}

type RunJson = { run_id: string; status: string; counts: Record<string, number>; log_dir: string };

describe('proofsheet set and run', () => {
  // Asserts what stages 1-4 decide (rows and their codes in the database), so it holds whatever later stages do with the rows.
  test('set add → run → rows; a second run of the same folder reports duplicates only', { timeout: 180_000 }, async ({ tmp }) => {
    const root = tmp.join('project');
    const bad = tmp.join('bad');
    const manifest = await buildBadInputs(bad);
    const before = hashFolder(bad);
    expect((await runProofsheet(['init', '--root', root])).code).toBe(0);

    const added = await runProofsheet(['set', 'add', 'bad', '--subject', 'Test & Co', '--location', "Côte d'Azur", '--category', 'Objects', '--root', root, '--json'], { cwd: tmp.path });
    expect(added.code).toBe(0);
    const queuedInputs = manifest.filter((m) => m.expect === 'queued').length;
    const codes = manifest.filter((m) => !['queued', 'duplicate', 'skipped'].includes(m.expect)).map((m) => m.expect);
    // `files` counts files whose content is a supported image (some are still corrupt or bombs).
    const images = queuedInputs + manifest.filter((m) => m.expect === 'duplicate' || m.expect === 'IMAGE_CORRUPT' || m.expect === 'IMAGE_TOO_LARGE').length;
    expect(JSON.parse(added.stdout)).toEqual({ set_id: 1, files: images });
    const list = await runProofsheet(['set', 'list', '--root', root, '--json']);
    expect(JSON.parse(list.stdout)).toEqual([{ id: 1, folder: bad, subject: 'Test & Co', location: "Côte d'Azur", category: 'Objects', status: 'pending', files: images }]);

    const run = await runProofsheet(['run', '--no-caption', '--root', root, '--json'], { timeoutMs: 150_000 });
    expect(run.code).toBe(1); // finished, but some files are Error rows
    const report = JSON.parse(run.stdout) as RunJson;
    expect(report).toMatchObject({ status: 'completed', counts: { files: manifest.length, duplicates: 1, errors: codes.length } });
    for (const stage of ['[STAGE 1/8] Validate sets', '[STAGE 2/8] Stage to incoming', '[STAGE 3/8] EXIF and naming', '[STAGE 4/8] Insert review rows']) expect(run.stderr).toContain(stage);
    const runLog = fs.readFileSync(path.join(report.log_dir, 'run.log'), 'utf8');
    expect(runLog).toMatch(/row finished stage .*stage=stage .*outcome=failed .*error_code=FILE_EMPTY/);

    const rows = JSON.parse((await runProofsheet(['rows', '--root', root, '--json'])).stdout) as Array<Record<string, unknown>>;
    const named = rows.filter((r) => r.Review_Status !== 'Error');
    expect(named).toHaveLength(queuedInputs);
    expect(rows.filter((r) => r.Review_Status === 'Error').map((r) => [r.error_code, r.error_stage]).sort()).toEqual(codes.map((code) => [code, 1]).sort());
    expect(named.find((r) => r.Original_File_Name === '<script>alert(1)<script>.jpg')?.File_Name).toMatch(/^Test_and_Co_Cote_d_Azur_Objects_Photography_\d{4}_\d{3}\.JPG$/);
    expect(named.find((r) => r.Original_File_Name === 'rotated-exif-6.jpg')).toMatchObject({ Width: 60, Height: 120 });
    expect(hashFolder(bad)).toEqual(before);

    const addedAgain = await runProofsheet(['set', 'add', bad, '--subject', 'Again', '--location', 'Here', '--category', 'Birds', '--root', root]);
    expect(addedAgain.stdout).toContain(`Preview name: Again_Here_Birds_Photography_<camera>_${new Date().getFullYear()}_001.JPG (<camera>: each photo's EXIF make and model)`);
    const again = await runProofsheet(['run', '--no-caption', '--set', '2', '--root', root, '--json'], { timeoutMs: 150_000 });
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
    expect((await runProofsheet(['run', '--no-caption', '--set', '1', '--root', root], { timeoutMs: 120_000 })).code).toBe(0);
    const refused = await runProofsheet(['set', 'remove', '1', '--root', root]);
    expect([refused.code, refused.stderr.split('\n')[0]]).toEqual([2, 'error [SET_HAS_ROWS]: set 1 already has 1 row(s) in the queue and cannot be removed; reject its rows instead']);
    const removed = await runProofsheet(['set', 'remove', '2', '--root', root, '--json']);
    expect([removed.code, JSON.parse(removed.stdout)]).toEqual([0, { removed: 2 }]);
  });
});
