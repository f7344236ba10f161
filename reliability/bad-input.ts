// Bad-input corpus through `set add`, `run` and `score`: the testkit corpus (corrupt, truncated,
// zero-byte, non-image, CMYK, 16-bit, EXIF-rotated, decompression bombs, hostile and Unicode names,
// a duplicate, a dangling link, a hidden file) plus a few odd but valid files of the harness's own.
// Every file must end as a row (an Error row carries its code) or a reported reason; never a crash.
import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { buildBadInputs, type BadInput } from '../packages/testkit/src/bad-inputs.js';
import { assertNothingLost } from './invariants.js';
import { cli, createProject, runCase, workDir } from './lib.js';

const FAMILY = 'bad-input';

type Row = { id: number; source_path: string; Review_Status: string; error_code: string | null; stage_done: number };
type TraceEvent = { event?: string; row_id?: unknown; outcome?: string; error_code?: string };

/** Odd files whose outcome the corpus does not fix: any row or reported reason will do, a crash will not. */
async function buildExtras(dir: string): Promise<string[]> {
  fs.mkdirSync(dir, { recursive: true });
  const noise = (width: number, height: number, channels: 1 | 3 | 4, seed: number) => {
    const data = Buffer.alloc(width * height * channels);
    for (let i = 0; i < data.length; i += 1) data[i] = (i * 131 + seed * 17) % 251;
    return sharp(data, { raw: { width, height, channels } });
  };
  const files: Array<[string, Promise<Buffer> | Buffer]> = [
    ['one-pixel.jpg', noise(1, 1, 3, 1).jpeg().toBuffer()],
    ['UPPER-CASE.JPG', noise(64, 40, 3, 2).jpeg().toBuffer()],
    ['greyscale.jpg', noise(64, 40, 1, 3).jpeg().toBuffer()],
    ['alpha.png', noise(50, 30, 4, 4).png().toBuffer()],
    ['panorama-9000x120.jpg', noise(9000, 120, 3, 5).jpeg().toBuffer()],
    ['no-extension', noise(40, 40, 3, 6).jpeg().toBuffer()],
    ['trailing-garbage.jpg', noise(64, 40, 3, 7).jpeg().toBuffer().then((b) => Buffer.concat([b, Buffer.alloc(4096, 0x5a)]))],
    ['jpeg-header-only.jpg', Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00])],
  ];
  for (const [name, content] of files) fs.writeFileSync(path.join(dir, name), await content);
  return files.map(([name]) => name);
}

export async function runBadInputFamily(): Promise<void> {
  const work = workDir('bad-input');
  const corpus = path.join(work, 'corpus');
  const manifest: BadInput[] = await buildBadInputs(corpus);
  const extras = await buildExtras(corpus);
  const root = path.join(work, 'project');
  const all = fs.readdirSync(corpus);

  await runCase(FAMILY, 'set add', async () => {
    await cli(['init', '--root', root], { expectCode: 0 });
    const added = await cli(['set', 'add', corpus, '--subject', 'Test & Co', '--location', "Côte d'Azur", '--category', 'Objects', '--root', root, '--json']);
    if (added.code !== 0) throw new Error(`set add exited ${added.code}: ${added.stderr.slice(-300)}`);
    const { files } = JSON.parse(added.stdout) as { files: number };
    return `${all.length} files in the folder, ${files} counted as images`;
  });

  await runCase(FAMILY, 'run', async () => {
    const run = await cli(['run', '--no-caption', '--root', root, '--json'], { timeoutMs: 600_000 });
    if (run.code !== 0 && run.code !== 1) throw new Error(`run exited ${run.code} (expected 0 or 1): ${run.stderr.slice(-300)}`);
    const report = JSON.parse(run.stdout) as { status: string; counts: Record<string, number>; log_dir: string };
    const rows = JSON.parse((await cli(['rows', '--root', root, '--json'], { expectCode: 0 })).stdout) as Row[];
    const trace = fs.readFileSync(path.join(report.log_dir, 'trace.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as TraceEvent);
    const problems: string[] = [];
    const reported = new Map<string, string>();
    for (const name of all) {
      const file = path.join(corpus, name);
      const row = rows.find((r) => r.source_path === file);
      const expected = manifest.find((m) => m.name === name)?.expect;
      const traced = trace.find((e) => e.event === 'row_stage_finished' && e.row_id === file && e.outcome !== 'done');
      if (!row) {
        if (traced) reported.set(file, traced.outcome ?? 'reported');
        else if (name.startsWith('.')) reported.set(file, 'hidden file, skipped');
        // The trace records a duplicate as `outcome=skipped` (the file it duplicates is not logged); the run's counts hold it as a duplicate.
        if (expected === 'duplicate' && traced?.outcome !== 'duplicate' && traced?.outcome !== 'skipped') problems.push(`${name}: expected a reported duplicate, got ${traced?.outcome ?? 'nothing'}`);
        if (expected !== undefined && expected !== 'duplicate' && expected !== 'skipped') problems.push(`${name}: expected ${expected}, got no row`);
        continue;
      }
      if (expected === 'queued' && row.Review_Status === 'Error') problems.push(`${name}: expected a row, got Error ${row.error_code}`);
      if (expected !== undefined && !['queued', 'duplicate', 'skipped'].includes(expected) && row.error_code !== expected) problems.push(`${name}: expected ${expected}, got ${row.Review_Status} ${row.error_code}`);
      if (expected === 'duplicate' || expected === 'skipped') problems.push(`${name}: expected ${expected}, got row ${row.id}`);
      if (row.Review_Status === 'Error' && !row.error_code) problems.push(`${name}: Error row without a code`);
    }
    const duplicates = manifest.filter((m) => m.expect === 'duplicate').length;
    if (report.counts.duplicates !== duplicates) problems.push(`run counted ${report.counts.duplicates} duplicate(s), the corpus has ${duplicates}`);
    if (problems.length > 0) throw new Error(problems.join('; '));
    await assertNothingLost(root, { sources: [corpus], reported });
    const extraOutcomes = extras.map((name) => {
      const row = rows.find((r) => r.source_path === path.join(corpus, name));
      return `${name}=${row ? (row.error_code ?? row.Review_Status) : (reported.get(path.join(corpus, name)) ?? '?')}`;
    });
    return `exit ${run.code}, ${rows.length} rows (${rows.filter((r) => r.Review_Status === 'Error').length} Error), ${reported.size} reported without a row; extras: ${extraOutcomes.join(' ')}`;
  });

  await runCase(FAMILY, 'score', async () => {
    const files = all.filter((name) => !name.startsWith('.'));
    const run = await cli(['score', '--json', '--', ...files.map((name) => path.join(corpus, name))], { timeoutMs: 300_000 });
    if (run.code !== 1) throw new Error(`score exited ${run.code} (expected 1: some files fail): ${run.stderr.slice(-300)}`);
    const entries = JSON.parse(run.stdout) as Array<{ file: string; ok: boolean; error_code?: string }>;
    if (entries.length !== files.length) throw new Error(`score answered ${entries.length} entries for ${files.length} files`);
    const problems = entries.filter((e) => !e.ok && !e.error_code).map((e) => `${e.file}: failed without a code`);
    for (const input of manifest.filter((m) => !m.name.startsWith('.'))) {
      const entry = entries.find((e) => path.basename(e.file) === input.name);
      const want = input.expect === 'queued' || input.expect === 'duplicate' ? 'ok' : input.expect;
      const got = entry ? (entry.ok ? 'ok' : entry.error_code) : 'missing';
      if (got !== want) problems.push(`${input.name}: expected ${want}, got ${got}`);
    }
    if (problems.length > 0) throw new Error(problems.join('; '));
    return `${entries.filter((e) => e.ok).length} scored, ${entries.filter((e) => !e.ok).length} with a code`;
  });

  await runCase(FAMILY, 'run again (duplicates only)', async () => {
    await createProject(path.join(work, 'second'), corpus);
    const second = path.join(work, 'second');
    await cli(['run', '--no-caption', '--root', second], { timeoutMs: 600_000 });
    await cli(['set', 'add', corpus, '--subject', 'Again', '--location', 'Here', '--category', 'Birds', '--root', second], { expectCode: 0 });
    const before = (JSON.parse((await cli(['rows', '--root', second, '--json'], { expectCode: 0 })).stdout) as Row[]).length;
    const again = await cli(['run', '--no-caption', '--set', '2', '--root', second, '--json'], { timeoutMs: 600_000 });
    if (again.code !== 0) throw new Error(`second run exited ${again.code}: ${again.stderr.slice(-300)}`);
    const after = (JSON.parse((await cli(['rows', '--root', second, '--json'], { expectCode: 0 })).stdout) as Row[]).length;
    if (after !== before) throw new Error(`second run of the same files added ${after - before} rows`);
    return `${JSON.stringify((JSON.parse(again.stdout) as { counts: Record<string, number> }).counts)}`;
  });
}
