import { readFileSync } from 'node:fs';
import { describe, expect } from 'vitest';
import { ProofsheetError } from '@proofsheet/core';
import { test, type TempDir } from '@proofsheet/testkit';
import { createMemoryIo } from '../src/cli/io.js';
import { runCli } from '../src/cli/run-cli.js';
import { createDoctorCommand } from '../src/commands/doctor.js';
import type { DoctorCheck } from '../src/doctor/check.js';

// Issue 12 item 5: a doctor check that throws a bug must not read as "check failed" (exit 3): the
// command stops with exit 70 and the stack; an operational error thrown by a check is that check failing.

/** Runs `proofsheet doctor --json` in-process through the real CLI boundary (exit-code mapping included) with `checks`. */
async function doctor(tmp: TempDir, checks: DoctorCheck[]) {
  const io = createMemoryIo();
  const code = await runCli({ argv: ['doctor', '--root', tmp.path, '--json'], env: {}, cwd: tmp.path, io, commands: [createDoctorCommand(checks)] });
  return { code, stdout: io.stdout.join('\n'), stderr: io.stderr.join('\n') };
}

const passing: DoctorCheck = { name: 'passing', required: true, run: async () => ({ ok: true, detail: 'fine' }) };

describe('proofsheet doctor: a check that throws', () => {
  test('a TypeError from a check is a bug: exit 70 with its stack, not "check failed"', async ({ tmp }) => {
    const buggy: DoctorCheck = {
      name: 'buggy',
      required: false,
      async run() {
        const hosts = JSON.parse('{}') as { list: string[] };
        return { ok: true, detail: hosts.list.join(', ') };
      },
    };
    const run = await doctor(tmp, [passing, buggy]);
    expect(run.code).toBe(70);
    expect(run.stderr).toMatch(/^error \[INTERNAL\]: Cannot read properties of undefined \(reading 'join'\)$/m);
    expect(run.stderr).toMatch(/^TypeError: Cannot read properties of undefined \(reading 'join'\)\n {4}at Object\.run \(.*doctor-check-errors\.test\.ts:\d+:\d+\)/m);
    expect(run.stdout).not.toContain('check failed');
    // The bug's own stack is also kept in logs/crash.log, not only printed.
    expect(run.stderr).toContain(`crash recorded in ${tmp.join('logs/crash.log')}`);
    expect(readFileSync(tmp.join('logs/crash.log'), 'utf8')).toMatch(/\[FATAL\] internal error \(pid \d+\)\n[^]*TypeError: Cannot read properties of undefined \(reading 'join'\)\n {4}at Object\.run/);
  });

  test('an INTERNAL error thrown by a check is exit 70', async ({ tmp }) => {
    const internal: DoctorCheck = { name: 'internal', required: false, run: () => Promise.reject(new ProofsheetError('INTERNAL', 'invariant broken: no hosts')) };
    const run = await doctor(tmp, [internal]);
    expect(run.code).toBe(70);
    expect(run.stderr).toContain('error [INTERNAL]: invariant broken: no hosts');
  });

  test('an operational error thrown by a check is that check failing; the other checks still run (exit 3)', async ({ tmp }) => {
    const locked: DoctorCheck = { name: 'database', required: true, run: () => Promise.reject(new ProofsheetError('DB_BUSY', 'database is locked by pid 4242')) };
    const run = await doctor(tmp, [locked, passing]);
    expect(run.code).toBe(3);
    const report = JSON.parse(run.stdout) as { ok: boolean; checks: Array<{ name: string; ok: boolean; detail: string }> };
    expect(report.ok).toBe(false);
    expect(report.checks.slice(1)).toEqual([
      { name: 'database', ok: false, required: true, detail: 'check failed: [DB_BUSY] database is locked by pid 4242' },
      { name: 'passing', ok: true, required: true, detail: 'fine' },
    ]);
  });
});
