import { describe, expect } from 'vitest';
import { buildBadInputs, runProofsheet, test } from '@proofsheet/testkit';

interface Entry {
  readonly file: string;
  readonly ok: boolean;
  readonly error_code?: string;
  readonly QC_Status?: string;
  readonly provider?: string;
  readonly nima_score?: number | null;
  readonly brisque_score?: number | null;
}

describe('proofsheet score', () => {
  test('every bad input gets its own error code or its scores; exit 1; never a crash', async ({ tmp }) => {
    const inputs = await buildBadInputs(tmp.join('bad'));
    const run = await runProofsheet(['score', '--json', '--', ...inputs.map((i) => i.name)], { cwd: tmp.join('bad'), timeoutMs: 60_000 });
    expect(run.code).toBe(1);
    const entries = JSON.parse(run.stdout) as Entry[];
    const got = entries.map((e) => [e.file, e.ok ? 'ok' : e.error_code]);
    const expected = inputs.map((i) => [i.name, i.expect === 'queued' || i.expect === 'duplicate' ? 'ok' : i.expect === 'skipped' ? 'FILE_NOT_IMAGE' : i.expect]);
    expect(got).toEqual(expected);
    for (const e of entries.filter((x) => x.ok)) {
      expect({ provider: e.provider, nima: e.nima_score, qc: typeof e.QC_Status }).toEqual({ provider: 'cpu', nima: null, qc: 'string' });
    }
    expect(run.stderr).toMatch(/^quality: provider=cpu /m);
    expect(run.stderr).toMatch(/^FAIL {2}empty\.jpg {2}FILE_EMPTY: file is empty: /m);
  }, 90_000);

  test('human output for one good and one missing file', async ({ tmp }) => {
    const [good] = (await buildBadInputs(tmp.join('bad'))).filter((i) => i.name === 'png-named.jpg');
    const run = await runProofsheet(['score', good?.file ?? '', 'nope.jpg'], { cwd: tmp.path, timeoutMs: 60_000 });
    expect(run.code).toBe(1);
    const lines = run.stdout.split(tmp.path).join('<tmp>').trimEnd().split('\n');
    expect(lines[0]).toMatch(/^ok {4}<tmp>\/bad\/png-named\.jpg {2}QR=\d+\.\d\d \S+ {2}blur=\d+\.\d\d brightness=\d+\.\d\d contrast=\d+\.\d\d brisque=\d+\.\d\d nima=NULL clip=NULL provider=cpu$/);
    expect(lines[1]).toBe('FAIL  nope.jpg  FILE_UNREADABLE: cannot read <tmp>/nope.jpg (ENOENT)');
  }, 90_000);

  test('no file is a usage error', async ({ tmp }) => {
    const run = await runProofsheet(['score'], { cwd: tmp.path });
    expect(run.code).toBe(2);
  });
});
