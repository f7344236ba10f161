import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect } from 'vitest';
import { probeImage } from '@proofsheet/stages';
import { buildBadInputs, createJpeg, test } from '@proofsheet/testkit';
import {
  listSetFiles,
  nameStagedFile,
  parseStagedName,
  removeStaleTemps,
  stageFile,
  toTempName,
  type DuplicateRef,
  type StageFileOutcome,
} from '../src/index.js';

const NAMING = { template: '{subject}_{location}_{category}_{camera}_{year}_{seq}', maxLength: 150 };

function sha256(file: string): string {
  if (!fs.lstatSync(file).isFile()) return 'not a regular file';
  return createHash('sha256').update(fs.readFileSync(file)).digest('hex');
}

/** Stages every listed file with the real probe and an in-memory duplicate index, as the pipeline does. */
async function stageAll(folder: string, incomingDir: string): Promise<StageFileOutcome[]> {
  const seen = new Map<string, DuplicateRef>();
  const outcomes: StageFileOutcome[] = [];
  for (const entry of (await listSetFiles(folder)).files) {
    const outcome = await stageFile(entry, { incomingDir, probe: probeImage, pid: process.pid, findDuplicate: (sha) => seen.get(sha) ?? null });
    if (outcome.kind !== 'duplicate' && outcome.sha256 !== null && !seen.has(outcome.sha256)) seen.set(outcome.sha256, { where: 'run', file: entry.file });
    outcomes.push(outcome);
  }
  return outcomes;
}

function toExpectation(outcome: StageFileOutcome): string {
  if (outcome.kind === 'staged') return 'queued';
  if (outcome.kind === 'duplicate') return 'duplicate';
  return outcome.error.code;
}

describe('stageFile on the bad-input corpus', () => {
  test('every file is staged, a duplicate or a specific error; originals stay byte-identical', async ({ tmp }) => {
    const inputs = await buildBadInputs(tmp.join('bad'));
    const before = new Map(inputs.map((input) => [input.file, sha256(input.file)]));
    const incoming = tmp.join('incoming', '1');

    const outcomes = await stageAll(tmp.join('bad'), incoming);

    const byFile = new Map(outcomes.map((o) => [o.file, o]));
    const listed = (await listSetFiles(tmp.join('bad'))).skipped.map((s) => path.basename(s.file));
    for (const input of inputs) {
      const actual = input.expect === 'skipped' ? (listed.includes(input.name) ? 'skipped' : 'listed') : toExpectation(byFile.get(input.file)!);
      expect([input.name, actual]).toEqual([input.name, input.expect]);
      expect(sha256(input.file)).toBe(before.get(input.file));
    }
    const rotated = byFile.get(tmp.join('bad', 'rotated-exif-6.jpg'));
    expect(rotated?.kind === 'staged' && [rotated.probe.width, rotated.probe.height]).toEqual([60, 120]);
    const png = byFile.get(tmp.join('bad', 'png-named.jpg'));
    expect(png?.kind === 'staged' && path.extname(png.incomingPath)).toBe('.png');
    const failures = outcomes.filter((o) => o.kind === 'failed');
    expect(failures.map((f) => f.kind === 'failed' && f.error.message).join('\n')).not.toMatch(/\.staging-/);

    const staged = fs.readdirSync(incoming).sort();
    expect(staged).toHaveLength(outcomes.filter((o) => o.kind === 'staged').length);
    for (const name of staged) expect(sha256(path.join(incoming, name))).toBe(parseStagedName(name));
  });

  test('staging the same file again reuses the intact copy; a damaged copy under the final name is replaced', async ({ tmp }) => {
    const source = tmp.write('src/a.jpg', await createJpeg({ width: 64, height: 48, seed: 4 }));
    const options = { incomingDir: tmp.join('incoming'), probe: probeImage, pid: process.pid, findDuplicate: () => null };
    const first = await stageFile({ file: source, name: 'a.jpg' }, options);
    const second = await stageFile({ file: source, name: 'a.jpg' }, options);
    expect([first.kind === 'staged' && first.copy, second.kind === 'staged' && second.copy]).toEqual(['created', 'reused']);

    const finalPath = first.kind === 'staged' ? first.incomingPath : '';
    fs.writeFileSync(finalPath, 'half a copy');
    const third = await stageFile({ file: source, name: 'a.jpg' }, options);
    expect(third.kind === 'staged' && third.copy).toBe('created');
    expect(sha256(finalPath)).toBe(sha256(source));
    expect(fs.readdirSync(tmp.join('incoming'))).toEqual([path.basename(finalPath)]);
  });
});

describe('stage 3 naming', () => {
  test('reads EXIF from the staged copy and builds the prefix', async ({ tmp }) => {
    const jpeg = await createJpeg({
      width: 90,
      height: 60,
      seed: 5,
      exif: {
        IFD0: { Make: 'Canon', Model: 'Canon EOS R5' },
        IFD2: { DateTimeOriginal: '2023:05:06 07:08:09', ExposureTime: '1/250', FNumber: '56/10', ISOSpeedRatings: '400', FocalLength: '105/1', LensModel: 'RF24-105mm F4 L IS USM' },
      },
    });
    const source = tmp.write('src/IMG_0001.JPG', jpeg);
    const staged = await stageFile({ file: source, name: 'IMG_0001.JPG' }, { incomingDir: tmp.join('in'), probe: probeImage, pid: process.pid, findDuplicate: () => null });
    if (staged.kind !== 'staged') throw new Error(`not staged: ${staged.kind}`);
    const named = await nameStagedFile(staged, { subject: 'Grey Heron', location: 'Amsterdam', category: 'Birds' }, NAMING);
    expect(named).toMatchObject({
      kind: 'named',
      prefix: 'Grey_Heron_Amsterdam_Birds_Photography_Canon_EOS_R5_2023',
      exif: { DateTime: '2023:05:06 07:08:09', Camera: 'Canon_EOS_R5', Lens_model: 'RF24-105mm F4 L IS USM', Width: 90, Height: 60, Exposure: '1/250 sec', Aperture: 'f/5.6', ISO: 400, Focal_length: 105 },
    });
  });

  test('missing EXIF is normal: no camera, the year of the file’s modification time', async ({ tmp }) => {
    const source = tmp.write('src/scan.jpg', await createJpeg({ width: 50, height: 40, seed: 6 }));
    fs.utimesSync(source, new Date('2019-07-01T12:00:00'), new Date('2019-07-01T12:00:00'));
    const staged = await stageFile({ file: source, name: 'scan.jpg' }, { incomingDir: tmp.join('in'), probe: probeImage, pid: process.pid, findDuplicate: () => null });
    if (staged.kind !== 'staged') throw new Error('not staged');
    const named = await nameStagedFile(staged, { subject: 'Old Scan', location: 'Attic', category: 'Archive' }, NAMING);
    expect(named).toMatchObject({ kind: 'named', prefix: 'Old_Scan_Attic_Archive_Photography_2019', exif: { DateTime: null, Camera: null, Exposure: null, Width: 50, Height: 40 } });
  });

  test('a name that only EXIF makes too long fails the file with FILENAME_TOO_LONG', async ({ tmp }) => {
    const jpeg = await createJpeg({ width: 20, height: 20, seed: 7, exif: { IFD0: { Make: 'Acme', Model: 'Super Long Camera Model Name With Many Distinct Words Alpha Beta Gamma Delta Epsilon Zeta' } } });
    const source = tmp.write('src/long.jpg', jpeg);
    const staged = await stageFile({ file: source, name: 'long.jpg' }, { incomingDir: tmp.join('in'), probe: probeImage, pid: process.pid, findDuplicate: () => null });
    if (staged.kind !== 'staged') throw new Error('not staged');
    const named = await nameStagedFile(staged, { subject: 'S '.repeat(30), location: 'L', category: 'C' }, NAMING);
    expect(named.kind === 'failed' && [named.stage, named.error.code]).toEqual([3, 'FILENAME_TOO_LONG']);
  });
});

describe('removeStaleTemps', () => {
  test('removes temporaries of dead writers only', async ({ tmp }) => {
    const dir = tmp.join('incoming');
    const dead = tmp.write(`incoming/${toTempName(999_999_99, 'abc')}`, 'partial');
    const mine = tmp.write(`incoming/${toTempName(process.pid, 'def')}`, 'in progress');
    const other = tmp.write('incoming/unrelated.txt', 'x');
    expect(await removeStaleTemps(dir)).toEqual([dead]);
    expect([fs.existsSync(mine), fs.existsSync(other), fs.existsSync(dead)]).toEqual([true, true, false]);
  });
});
