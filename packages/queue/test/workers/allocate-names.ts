// Test worker: opens the database, signals that it is ready by writing <ready file>, waits for
// <start file>, then reserves names one transaction at a time and prints them as JSON.
// argv: <db file> <prefix> <count> <ready file> <start file> <pause ms between allocations>
import fs from 'node:fs';
import { openQueueDatabase, reserveFilenames } from '../../src/index.js';

const [file, prefix, count, readyFile, startFile, pauseMs] = process.argv.slice(2) as [string, string, string, string, string, string];
const sleeper = new Int32Array(new SharedArrayBuffer(4));
const sleep = (ms: number): void => void Atomics.wait(sleeper, 0, 0, ms);

const db = openQueueDatabase(file);
fs.writeFileSync(readyFile, String(process.pid));
while (!fs.existsSync(startFile)) sleep(2);
const names: string[] = [];
for (let i = 0; i < Number(count); i += 1) {
  names.push(...reserveFilenames(db, { prefix, extension: '.JPG', count: 1, runId: `worker_${process.pid}` }));
  sleep(Number(pauseMs));
}
db.close();
process.stdout.write(JSON.stringify(names));
