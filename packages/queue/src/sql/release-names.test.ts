import { describe, expect } from 'vitest';
import { test, seedRow } from '../../test/helpers.js';
import { getReservation, reserveFilenames } from './filename-reservations.js';
import { listNameReservations, releaseNames } from './release-names.js';
import { createRun } from './runs.js';

describe('releaseNames', () => {
  test('releases the names of rejected, early-failed and vanished rows; refuses live, committed, catalogued and unknown names', ({ db }) => {
    const pending = seedRow(db, 'Pending', 'Pending');
    const published = seedRow(db, 'Published', 'Published');
    const rejected = seedRow(db, 'Pending', 'Rejected');
    // A rejection that left its name reserved (recorded before reject released names).
    db.prepare("UPDATE review_queue SET Review_Status = 'Rejected' WHERE id = ?").run(rejected.id);
    const early = seedRow(db, 'Pending', 'Early');
    db.prepare("UPDATE review_queue SET Review_Status = 'Error', error_code = 'COPY_VERIFY_FAILED', error_message = 'x', error_stage = 2 WHERE id = ?").run(early.id);
    const late = seedRow(db, 'Error', 'Late');
    const gone = seedRow(db, 'Pending', 'Gone');
    db.pragma('foreign_keys = OFF');
    db.prepare('DELETE FROM review_queue WHERE id = ?').run(gone.id);
    db.pragma('foreign_keys = ON');
    const catalogued = seedRow(db, 'Pending', 'Catalogued');
    db.prepare("UPDATE review_queue SET Review_Status = 'Rejected' WHERE id = ?").run(catalogued.id);
    db.prepare("INSERT INTO photos_info_revamp (id, File_Name, Original_File_Name) VALUES (9, ?, 'o.jpg')").run(catalogued.File_Name.toLowerCase());

    const names = [pending, published, rejected, early, late, gone, catalogued].map((row) => row.File_Name);
    const dry = releaseNames(db, [...names, 'Nobody_001.JPG'], { dryRun: true });
    expect(dry.map((o) => [o.name, o.outcome])).toEqual([
      ['Pending_001.JPG', 'refused'],
      ['Published_001.JPG', 'refused'],
      ['Rejected_001.JPG', 'would_release'],
      ['Early_001.JPG', 'would_release'],
      ['Late_001.JPG', 'refused'],
      ['Gone_001.JPG', 'would_release'],
      ['Catalogued_001.JPG', 'refused'],
      ['Nobody_001.JPG', 'refused'],
    ]);
    expect(getReservation(db, rejected.File_Name)?.state).toBe('reserved');

    const done = releaseNames(db, names);
    expect(done.filter((o) => o.outcome === 'released').map((o) => o.name)).toEqual(['Rejected_001.JPG', 'Early_001.JPG', 'Gone_001.JPG']);
    expect(done.find((o) => o.name === 'Catalogued_001.JPG')?.reason).toMatch(/catalog/);
    expect(listNameReservations(db, { state: 'released' }).map((r) => r.name)).toEqual(['Early_001.JPG', 'Gone_001.JPG', 'Rejected_001.JPG']);
    expect(releaseNames(db, ['rejected_001.jpg'])[0]?.outcome).toBe('already_released');
    // The allocator never hands a released name out again.
    expect(reserveFilenames(db, { prefix: 'Rejected', extension: '.JPG', count: 1 })).toEqual(['Rejected_002.JPG']);
  });

  test('refuses a name reserved without a row by a run that is still running', ({ db }) => {
    const run = createRun(db, { trigger: 'cli', config: {} });
    const [name] = reserveFilenames(db, { prefix: 'InFlight', extension: '.JPG', count: 1, runId: run.id });
    expect(releaseNames(db, [name as string])[0]).toMatchObject({ outcome: 'refused', reason: expect.stringMatching(/still running/) });
  });
});
