// Test worker: inserts a set's rows with insertSetRows and, inside the transaction after row
// <pause at>, writes <marker file> and blocks until it is killed (a safety timeout exits 3).
// argv: <db file> <set id> <row count> <pause at> <marker file>
import fs from 'node:fs';
import { insertSetRows, openQueueDatabase } from '../../src/index.js';

const [file, setId, rowCount, pauseAt, marker] = process.argv.slice(2) as [string, string, string, string, string];
const db = openQueueDatabase(file);
insertSetRows(db, {
  setId: Number(setId),
  runId: null,
  rows: Array.from({ length: Number(rowCount) }, (_, i) => ({ values: { Original_File_Name: `IMG_${i}.JPG`, content_sha256: `sha-${i}` }, name: { prefix: 'Crash_Set', extension: '.JPG' } })),
  onRowInserted: (index) => {
    if (index !== Number(pauseAt)) return;
    fs.writeFileSync(marker, String(process.pid));
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 60_000);
    process.exitCode = 3;
    throw new Error('not killed in time');
  },
});
