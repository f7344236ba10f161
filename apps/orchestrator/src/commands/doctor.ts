import { isProofsheetError, toProjectPaths } from '@proofsheet/core';
import type { CommandSpec } from '../cli/command.js';
import { EXIT } from '../cli/exit-codes.js';
import type { CheckResult } from '../doctor/check.js';
import { DOCTOR_CHECKS } from '../doctor/checks.js';

/**
 * `proofsheet doctor`: preflight checks. Prints every check (never stops at the first failure);
 * exits 0 when all required checks pass, 2 when the config is invalid, 3 otherwise.
 */
export const doctorCommand: CommandSpec = {
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
      if (!isProofsheetError(error)) throw error;
      results.push({ name: 'config', ok: false, required: true, detail: error.message });
    }
    if (loaded) {
      const inputs = { config: loaded.config, secrets: loaded.secrets, paths: toProjectPaths(ctx.root, loaded.config.paths) };
      for (const check of DOCTOR_CHECKS) {
        const outcome = await check.run(inputs).catch((error: unknown) => ({ ok: false, detail: `check failed: ${error instanceof Error ? error.message : String(error)}` }));
        results.push({ name: check.name, ok: outcome.ok, required: check.required, detail: outcome.detail });
      }
    }
    const ok = results.every((r) => r.ok || !r.required);
    for (const r of results) ctx.say(`${r.ok ? 'ok  ' : r.required ? 'FAIL' : 'warn'}  ${r.name.padEnd(12)} ${r.detail}`);
    ctx.say(ok ? 'All required checks passed.' : 'Some required checks failed.');
    ctx.emit({ ok, checks: results });
    if (ok) return EXIT.ok;
    return loaded ? EXIT.aborted : EXIT.usage;
  },
};
