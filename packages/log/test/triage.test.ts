import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { test } from '@proofsheet/testkit';
import { normaliseMessage, parseStackTrace, triageLogFiles } from '../src/index.js';

const FIXTURES = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures/triage');

interface Expected {
  readonly error_type: string | null;
  readonly first_fatal?: Record<string, unknown>;
  readonly suggestion?: string;
  readonly exception_type?: string;
  readonly causes?: readonly string[];
  readonly frames?: number;
  readonly frame_code?: string;
  readonly file_names?: readonly string[];
  readonly errors?: number;
  readonly first_count?: number;
  readonly malformed?: number;
  readonly finding_contains?: string;
  readonly corrupt_rows?: readonly number[];
}

const expected = JSON.parse(fs.readFileSync(path.join(FIXTURES, 'expected.json'), 'utf8')) as Record<string, Expected>;

describe('triage of realistic log excerpts', () => {
  it('has an expectation for every fixture, and covers every class it claims', () => {
    const files = fs.readdirSync(FIXTURES).filter((f) => f !== 'expected.json').sort();
    expect(files).toEqual(Object.keys(expected).sort());
  });

  for (const [file, want] of Object.entries(expected)) {
    it(file, async () => {
      const result = await triageLogFiles([path.join(FIXTURES, file)]);
      expect(result.analysis?.error_type ?? null).toBe(want.error_type);
      if (want.first_fatal) expect(result.first_fatal).toMatchObject(want.first_fatal);
      if (want.suggestion) expect(result.analysis?.suggestions.join('\n')).toContain(want.suggestion);
      if (want.exception_type) expect(result.traceback?.exception_type).toBe(want.exception_type);
      if (want.causes) expect(result.traceback?.causes.map((c) => c.exception_type)).toEqual(want.causes);
      if (want.frames !== undefined) expect(result.traceback?.frames).toHaveLength(want.frames);
      if (want.frame_code) expect(result.traceback?.frames.map((f) => f.code)).toContain(want.frame_code);
      if (want.file_names) expect(result.errors[0]?.file_names).toEqual(want.file_names);
      if (want.errors !== undefined) expect(result.errors).toHaveLength(want.errors);
      if (want.first_count !== undefined) expect(result.errors[0]?.count).toBe(want.first_count);
      if (want.malformed !== undefined) expect(result.malformed_lines).toBe(want.malformed);
      if (want.finding_contains) expect(result.errors.map((e) => e.message).join('\n')).toContain(want.finding_contains);
      if (want.corrupt_rows) expect(result.errors.find((e) => e.error_code === 'IMAGE_CORRUPT')).toMatchObject({ count: want.corrupt_rows.length, row_ids: want.corrupt_rows });
    });
  }
});

describe('deduplication', () => {
  test('10,000 repeats of one failure in different rows and files are one entry with count 10,000', async ({ tmp }) => {
    const file = tmp.join('trace.jsonl');
    const lines = Array.from({ length: 10_000 }, (_, i) =>
      JSON.stringify({ level: 'error', time: new Date(Date.UTC(2026, 0, 1, 0, 0, i)).toISOString(), stage: 'quality', row_id: i + 1, File_Name: `Heron_${String(i).padStart(5, '0')}.JPG`, error_code: 'RESIZE_FAILED', msg: `cannot write /data/derived/${i + 1}/preview.jpg after ${i % 7} ms` }),
    );
    fs.writeFileSync(file, `${lines.join('\n')}\n`);
    const result = await triageLogFiles([file]);
    expect(result.errors).toHaveLength(1);
    expect(result.errors[0]).toMatchObject({ count: 10_000, first_seen: '2026-01-01T00:00:00.000Z', last_seen: '2026-01-01T02:46:39.000Z', key_parts: { stage: 'quality' } });
    expect(result.errors[0]?.row_ids.length).toBe(50); // capped sample, the count is exact
  });

  it('groups stacks by module and function, not line numbers, so one bug stays one entry across releases', () => {
    const a = parseStackTrace('TypeError: x is undefined\n    at settleRow (file:///app/dist/runner/caption-step.js:92:40)\n    at handle (file:///app/dist/runner/caption-step.js:70:9)');
    const b = parseStackTrace('TypeError: x is undefined\n    at settleRow (file:///other/dist/runner/caption-step.js:95:12)\n    at handle (file:///other/dist/runner/caption-step.js:71:3)');
    expect(a.frames.map((f) => f.line)).toEqual([92, 70]);
    expect(b.frames.map((f) => f.line)).toEqual([95, 71]);
    expect(a.frames.map((f) => f.function)).toEqual(b.frames.map((f) => f.function));
  });

  it('masks timestamps, ids, hashes, paths, hosts and numbers', () => {
    expect(normaliseMessage('2026-12-01T10:00:03.200Z run_20261201_100000_cli row 12 /srv/a b.jpg http://10.0.0.5:11434 sha ' + 'ab'.repeat(32))).toBe('<time> <run> row <n> <path> <file> <url> sha <hash>');
  });
});
