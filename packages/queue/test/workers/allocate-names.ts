// Test worker: waits for a start file, then reserves names one transaction at a time and prints them as JSON.
// argv: <db file> <prefix> <count> <start file> <pause ms between allocations>
import fs from 'node:fs';
import { openQueueDatabase, reserveFilenames } from '../../src/index.js';

const [file, prefix, count, startFile, pauseMs] = process.argv.slice(2) as [string, string, string, string, string];
const sleeper = new Int32Array(new SharedArrayBuffer(4));
const sleep = (ms: number): void => void Atomics.wait(sleeper, 0, 0, ms);

const db = openQueueDatabase(file);
while (!fs.existsSync(startFile)) sleep(2);
const names: string[] = [];
for (let i = 0; i < Number(count); i += 1) {
  names.push(...reserveFilenames(db, { prefix, extension: '.JPG', count: 1, runId: `worker_${process.pid}` }));
  sleep(Number(pauseMs));
}
db.close();
process.stdout.write(JSON.stringify(names));
