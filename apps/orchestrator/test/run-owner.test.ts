import fs from 'node:fs';
import path from 'node:path';
import { expect } from 'vitest';
import { fileURLToPath } from 'node:url';
import { readProcessIdentity } from '@proofsheet/log';
import { createRun, finishRun, getRun, openQueueDatabase } from '@proofsheet/queue';
import { runProofsheet, test } from '@proofsheet/testkit';

const linux = fs.existsSync('/proc/self/stat');
const SAMPLES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../samples/landscapes');

// A dead run whose pid was reused (a reboot, a container restart, the next CLI itself) is
// recognised by the start time and boot id recorded with the run (SPEC §9).
test.runIf(linux)('a run whose pid now belongs to another process is interrupted: run says to resume, resume proceeds; a live run is still refused', { timeout: 60_000 }, async ({ tmp }) => {
  const root = tmp.join('project');
  expect((await runProofsheet(['init', '--root', root])).code).toBe(0);
  const me = readProcessIdentity(process.pid);
  if (me === null) throw new Error('no /proc identity on Linux');
  const db = openQueueDatabase(path.join(root, 'data', 'proofsheet.db'));
  // The run's process died; this test process was later given the same pid (it started later).
  const dead = createRun(db, { trigger: 'cli', pid: process.pid, identity: { ...me, startTicks: me.startTicks - 1 } });
  db.close();

  const refused = await runProofsheet(['run', '--root', root]);
  expect(refused.code, refused.stderr).toBe(2);
  expect(refused.stderr).toContain(`error [RUN_INTERRUPTED_EXISTS]: run ${dead.id} was interrupted; continue it with "proofsheet resume"`);
  const resumed = await runProofsheet(['resume', '--root', root, '--json'], { timeoutMs: 60_000 });
  expect(resumed.code, resumed.stderr).toBe(0);
  expect(resumed.stderr).toContain(`interrupted runs: ${dead.id} (pid ${process.pid}`);

  const check = openQueueDatabase(path.join(root, 'data', 'proofsheet.db'));
  expect(getRun(check, dead.id)?.status).toBe('aborted');
  // The same pid with its real start time is this live process: still refused.
  const live = createRun(check, { trigger: 'cli', pid: process.pid });
  check.close();
  for (const command of ['run', 'resume']) {
    const blocked = await runProofsheet([command, '--root', root]);
    expect(blocked.code, blocked.stderr).toBe(2);
    expect(blocked.stderr).toContain(`error [RUN_IN_PROGRESS]: run ${live.id} (pid ${process.pid}) is still running`);
  }
});

test('set remove refuses a set that a live run is working on, and removes nothing', { timeout: 60_000 }, async ({ tmp }) => {
  const root = tmp.join('project');
  const photos = tmp.join('photos');
  fs.cpSync(SAMPLES, photos, { recursive: true });
  expect((await runProofsheet(['init', '--root', root])).code).toBe(0);
  expect((await runProofsheet(['set', 'add', photos, '--subject', 'Basque Mountains', '--location', 'Gipuzkoa', '--category', 'Landscape', '--root', root])).code).toBe(0);
  const db = openQueueDatabase(path.join(root, 'data', 'proofsheet.db'));
  const live = createRun(db, { trigger: 'cli', setIds: [1], pid: process.pid }); // this test process: alive
  db.close();

  const refused = await runProofsheet(['set', 'remove', '1', '--root', root]);
  expect(refused.code, refused.stderr).toBe(2);
  expect(refused.stderr).toContain(`error [RUN_IN_PROGRESS]: set 1 is being worked on by run ${live.id} (pid ${process.pid}), still running`);
  const listed = await runProofsheet(['set', 'list', '--root', root, '--json']);
  expect(JSON.parse(listed.stdout)).toMatchObject([{ id: 1, folder: photos }]);

  const check = openQueueDatabase(path.join(root, 'data', 'proofsheet.db'));
  finishRun(check, live.id, { status: 'completed' });
  check.close();
  expect((await runProofsheet(['set', 'remove', '1', '--root', root])).code).toBe(0);
});
