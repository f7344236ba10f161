import fs from 'node:fs';
import path from 'node:path';
import { describe, expect } from 'vitest';
import { openDatabase } from '@proofsheet/queue';
import { BUNDLED_SAMPLES, createSampleProject, readProjectRows, runProofsheet, test } from '@proofsheet/testkit';

// Issue 18: `proofsheet names` and `names release` end to end on a project the real CLI ran.

type Row = { id: number; File_Name: string; Review_Status: string; Original_File_Name: string };
type Released = { dry_run: boolean; released: number; refused: number; names: Array<{ name: string; outcome: string; row_id: number | null; reason: string }> };

/** Setup only (raw SQL): states the CLI cannot reach directly. */
function sql(root: string, statement: string, ...params: unknown[]): void {
  const db = openDatabase(path.join(root, 'data/proofsheet.db'));
  try {
    db.prepare(statement).run(...params);
  } finally {
    db.close();
  }
}

describe('proofsheet names release', () => {
  test('refuses approved, published and catalogued names, releases a rejected row\'s name, and a later photo of the same prefix gets a new one', { timeout: 240_000 }, async ({ tmp }) => {
    const { root } = await createSampleProject(tmp);
    expect((await runProofsheet(['run', '--no-caption', '--root', root], { timeoutMs: 180_000 })).code).toBe(0);
    const [approved, published, catalogued, rejected] = (await readProjectRows<Row>(root)) as [Row, Row, Row, Row];
    expect((await runProofsheet(['approve', String(approved.id), String(published.id), '--root', root])).code).toBe(0);
    sql(root, "UPDATE review_queue SET Review_Status = 'Published' WHERE id = ?", published.id);
    sql(root, "UPDATE filename_reservations SET state = 'committed' WHERE row_id = ?", published.id);
    expect((await runProofsheet(['reject', String(catalogued.id), '--root', root])).code).toBe(0);
    // A catalog pull brought in a website entry with this name (the website published it meanwhile).
    sql(root, "INSERT INTO photos_info_revamp (id, File_Name, Original_File_Name) VALUES (9001, ?, 'elsewhere.jpg')", catalogued.File_Name);
    // A rejection that left its name reserved (as one recorded before reject released names).
    sql(root, "UPDATE review_queue SET Review_Status = 'Rejected' WHERE id = ?", rejected.id);

    const listed = await runProofsheet(['names', '--state', 'reserved', '--root', root, '--json']);
    expect(listed.code, listed.stderr).toBe(0);
    expect((JSON.parse(listed.stdout) as Array<{ name: string; row_id: number; review_status: string; run_id: string }>).map((n) => [n.name, n.review_status])).toEqual([
      [approved.File_Name, 'Approved'],
      [rejected.File_Name, 'Rejected'],
    ]);

    const names = [approved, published, catalogued, rejected].map((row) => row.File_Name);
    const dry = await runProofsheet(['names', 'release', ...names, '--dry-run', '--root', root, '--json']);
    expect(dry.code).toBe(1);
    expect((JSON.parse(dry.stdout) as Released).names.map((n) => n.outcome)).toEqual(['refused', 'refused', 'refused', 'would_release']);

    const run = await runProofsheet(['names', 'release', ...names, '--root', root, '--json']);
    expect(run.code).toBe(1);
    const result = JSON.parse(run.stdout) as Released;
    expect(result).toMatchObject({ dry_run: false, released: 1, refused: 3 });
    expect(result.names.map((n) => [n.outcome, n.reason])).toEqual([
      ['refused', `row ${approved.id} is Approved and still uses this name; reject it first`],
      ['refused', 'the name is committed: its row was published'],
      ['refused', 'the published catalog (local mirror) holds this name; it can never be given to another photo'],
      ['released', `row ${rejected.id} was rejected`],
    ]);
    expect(run.stderr).toContain('Released 1 name(s); refused 3.');

    // The website now holds the released name too; a new photo of the same subject, place and camera gets the next number.
    sql(root, "INSERT INTO photos_info_revamp (id, File_Name, Original_File_Name) VALUES (9002, ?, 'elsewhere2.jpg')", rejected.File_Name);
    const more = tmp.join('more');
    fs.mkdirSync(more);
    // The rejected photo's file with other bytes appended: another photo (another hash), same camera and year, so the same prefix.
    const original = fs.readFileSync(path.join(BUNDLED_SAMPLES, rejected.Original_File_Name));
    fs.writeFileSync(path.join(more, 'different.jpg'), Buffer.concat([original, Buffer.from('a different photo')]));
    expect((await runProofsheet(['set', 'add', more, '--subject', 'Basque Mountains', '--location', 'Gipuzkoa', '--category', 'Landscape', '--root', root])).code).toBe(0);
    expect((await runProofsheet(['run', '--no-caption', '--root', root], { timeoutMs: 180_000 })).code).toBe(0);
    const added = (await readProjectRows<Row>(root)).at(-1) as Row;
    expect(names).not.toContain(added.File_Name);
    const prefix = (name: string) => name.replace(/_\d{3,}\.JPG$/, '');
    expect(prefix(added.File_Name)).toBe(prefix(rejected.File_Name));
    const samePrefix = names.filter((name) => prefix(name) === prefix(added.File_Name));
    const seq = (name: string) => Number(/_(\d{3,})\.JPG$/.exec(name)?.[1]);
    expect(seq(added.File_Name)).toBeGreaterThan(Math.max(...samePrefix.map(seq)));
  });
});
