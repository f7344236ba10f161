import { spawn } from 'node:child_process';
import path from 'node:path';
import { describe, expect } from 'vitest';
import { createSet, insertSetRows, openQueueDatabase } from '@proofsheet/queue';
import { PROOFSHEET_BIN, runProofsheet, test } from '@proofsheet/testkit';

/** Runs the CLI with stdout into a pipe whose reader is slow (as `| python3 -c 'json.load(sys.stdin)'` can be), returning all it received. */
function runIntoSlowPipe(args: readonly string[]): Promise<{ code: number | null; stdout: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [PROOFSHEET_BIN, ...args], { stdio: ['ignore', 'pipe', 'ignore'] });
    const chunks: Buffer[] = [];
    // Read nothing for a while: the pipe fills up (64 KiB) and the writer has to wait for us.
    child.stdout.pause();
    setTimeout(() => child.stdout.resume(), 1500);
    child.stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout: Buffer.concat(chunks).toString('utf8') }));
  });
}

describe('CLI output reaches a pipe in full', () => {
  test('rows --json of 2,000 rows piped to a slow reader parses whole, with exit 0', { timeout: 60_000 }, async ({ tmp }) => {
    const root = tmp.join('project');
    expect((await runProofsheet(['init', '--root', root])).code).toBe(0);
    const db = openQueueDatabase(path.join(root, 'data', 'proofsheet.db'));
    const set = createSet(db, { folder: tmp.join('photos'), subject: 'Grey Heron', location: 'Amsterdam', category: 'Birds' });
    for (let batch = 0; batch < 4; batch += 1) {
      const rows = Array.from({ length: 500 }, (_, i) => ({
        values: { Original_File_Name: `IMG_${batch}_${i}.JPG`, content_sha256: `${batch}${i}`.padStart(64, '0'), Caption: `A grey heron standing in shallow water, number ${i} of batch ${batch}.` },
        name: { prefix: `Grey_Heron_Amsterdam_Birds_Photography_${batch}`, extension: '.JPG' },
      }));
      insertSetRows(db, { setId: set.id, runId: null, rows });
    }
    db.close();
    const run = await runIntoSlowPipe(['rows', '--root', root, '--json']);
    expect(run.code).toBe(0);
    const rows = JSON.parse(run.stdout) as Array<{ id: number; File_Name: string }>;
    expect(rows).toHaveLength(2000);
    expect(new Set(rows.map((r) => r.File_Name)).size).toBe(2000);
  });
});
