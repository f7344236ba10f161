// Test worker: ingests one set (stages 1-4) as a real OS process, so a test can SIGKILL it.
// Usage: ingest-set.ts <project root> <set id>. Prints `[STAGE …]` lines, then a JSON result line.
import path from 'node:path';
import { createFixedClock, systemClock } from '@proofsheet/core';
import { createRun, finishRun, openQueueDatabase, requireSet } from '@proofsheet/queue';
import { runIngest, validateIngestSets } from '../../src/index.js';

const [root, setId] = process.argv.slice(2) as [string, string];
const naming = { template: '{subject}_{location}_{category}_{camera}_{year}_{seq}', maxLength: 150 };
const db = openQueueDatabase(path.join(root, 'data', 'proofsheet.db'));
const say = (line: string): void => void process.stdout.write(`${line}\n`);
const validated = await validateIngestSets([requireSet(db, Number(setId))], naming, createFixedClock(new Date('2026-01-01T00:00:00Z')), say);
const run = createRun(db, { trigger: 'cli', clock: systemClock });
const result = await runIngest({ db, sets: validated, paths: { incoming: path.join(root, 'data', 'incoming') }, naming, runId: run.id, say });
finishRun(db, run.id, { status: 'completed', counts: { ...result.counts } });
db.close();
say(JSON.stringify(result.counts));
