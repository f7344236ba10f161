import fs from 'node:fs';
import { describe, expect, test } from 'vitest';
import { ProofsheetError } from '@proofsheet/core';
import { toFailedEntry } from '../src/commands/score.js';

// Issue 12 item 5: `proofsheet score` reports a file that cannot be scored as a per-file failure,
// but a bug is not a file's fault: it propagates (exit 70), as an operational error does (exit 3).

/** What a real call failed with (never a made-up error object). */
function failureOf(call: () => unknown): unknown {
  try {
    call();
  } catch (error) {
    return error;
  }
  throw new Error('the call did not fail');
}

describe('proofsheet score: which failures are per file', () => {
  test('a row-kind error (the file is empty, unreadable, not an image) is that file failing', () => {
    const error = new ProofsheetError('FILE_EMPTY', 'file is empty: a.jpg');
    expect(toFailedEntry('a.jpg', error)).toEqual({ file: 'a.jpg', ok: false, error_code: 'FILE_EMPTY', message: 'file is empty: a.jpg' });
  });

  test('a TypeError (a bug) is rethrown as it is, with its own stack, instead of becoming an INTERNAL entry', () => {
    const bug = failureOf(() => (JSON.parse('{}') as { proxy: { width: number } }).proxy.width);
    expect(bug).toBeInstanceOf(TypeError);
    expect(() => toFailedEntry('a.jpg', bug)).toThrow(bug as TypeError);
  });

  test('an INTERNAL error and an operational error are rethrown', () => {
    const internal = new ProofsheetError('INTERNAL', 'decodeOriginal returned no proxy');
    const disk = new ProofsheetError('DISK_FULL', 'no space left on device');
    expect(() => toFailedEntry('a.jpg', internal)).toThrow(internal);
    expect(() => toFailedEntry('a.jpg', disk)).toThrow(disk);
  });

  test('a real file-system failure that no adapter translated is not a per-file failure either', () => {
    const missing = failureOf(() => fs.readFileSync('/nonexistent/proofsheet/a.jpg'));
    expect(() => toFailedEntry('a.jpg', missing)).toThrow(missing as Error);
  });
});
