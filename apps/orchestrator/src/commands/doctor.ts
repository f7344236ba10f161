import { isProofsheetError, toProjectPaths } from '@proofsheet/core';
import { pruneLogs, writePreflightReport } from '@proofsheet/log';
import type { CommandSpec } from '../cli/command.js';
import { EXIT } from '../cli/exit-codes.js';
import { runDoctorChecks, type CheckResult, type DoctorCheck } from '../doctor/check.js';
import { DOCTOR_CHECKS } from '../doctor/checks.js';

/**
 * `proofsheet doctor` over `checks`: prints every check (never stops at the first failure);
 * exits 0 when all required checks pass, 2 when the config is invalid, 3 otherwise, and 70 when a
 * check has a bug (see {@link runDoctorChecks}).
 */
export function createDoctorCommand(checks: readonly DoctorCheck[]): CommandSpec {
  return {
    name: 'doctor',
    summary: 'preflight: config, writable paths, disk space, database',
    synopsis: 'proofsheet doctor',
    async run(ctx) {
      const results: CheckResult[] = [];
      let loaded;
      try {
        loaded = ctx.loadConfig();
        results.push({ name: 'config', ok: true, required: true, detail: loaded.file ?? 'no config file: defaults and environment' });
      } catch (error) {
        if (!isProofsheetError(error) || error.kind === 'internal') throw error;
        results.push({ name: 'config', ok: false, required: true, detail: error.message });
      }
      if (loaded) {
        const inputs = { config: loaded.config, secrets: loaded.secrets, paths: toProjectPaths(ctx.root, loaded.config.paths) };
        results.push(...(await runDoctorChecks(checks, inputs)));
      }
      const ok = results.every((r) => r.ok || !r.required);
      for (const r of results) ctx.say(`${r.ok ? 'ok  ' : r.required ? 'FAIL' : 'warn'}  ${r.name.padEnd(12)} ${r.detail}`);
      ctx.say(ok ? 'All required checks passed.' : 'Some required checks failed.');
      if (loaded) {
        // Each preflight is kept as a report (triage and support read it), under logging.keepRuns.
        const logs = toProjectPaths(ctx.root, loaded.config.paths).logs;
        try {
          const file = writePreflightReport(logs, { ok, checks: results, at: new Date().toISOString() });
          pruneLogs(logs, loaded.config.logging.keepRuns, null);
          ctx.say(`Preflight report: ${file}`);
        } catch (error) {
          ctx.say(`[WARN] preflight report not written (${error instanceof Error ? error.message : String(error)})`);
        }
      }
      ctx.emit({ ok, checks: results });
      if (ok) return EXIT.ok;
      return loaded ? EXIT.aborted : EXIT.usage;
    },
  };
}

/** `proofsheet doctor`: preflight checks (SPEC §13). */
export const doctorCommand: CommandSpec = createDoctorCommand(DOCTOR_CHECKS);
