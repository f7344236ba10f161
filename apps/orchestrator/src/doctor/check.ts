import { isProofsheetError, type ProjectPaths, type ResolvedConfig, type Secrets } from '@proofsheet/core';

/** What a doctor check may look at. */
export interface DoctorInputs {
  readonly config: ResolvedConfig;
  readonly secrets: Secrets;
  readonly paths: ProjectPaths;
}

/** One line of the doctor report (the `--json` shape of SPEC §13). */
export interface CheckResult {
  readonly name: string;
  readonly ok: boolean;
  /** A failing required check makes `doctor` fail; an optional one only warns. */
  readonly required: boolean;
  readonly detail: string;
}

/** One preflight check. Later capabilities add theirs to the list in `checks.ts`. */
export interface DoctorCheck {
  readonly name: string;
  readonly required: boolean;
  run(inputs: DoctorInputs): Promise<{ ok: boolean; detail: string }>;
}

/**
 * Runs every check in order (never stops at the first failure). A check that throws an
 * operational, usage or row error has failed, and its message is the detail; a check that throws
 * anything else (`INTERNAL`, or an error no adapter translated) is a bug in the check: it
 * propagates, so that `doctor` exits 70 instead of reporting "check failed" as if the environment
 * were at fault.
 */
export async function runDoctorChecks(checks: readonly DoctorCheck[], inputs: DoctorInputs): Promise<CheckResult[]> {
  const results: CheckResult[] = [];
  for (const check of checks) {
    let outcome: { ok: boolean; detail: string };
    try {
      outcome = await check.run(inputs);
    } catch (error) {
      if (!isProofsheetError(error) || error.kind === 'internal') throw error;
      outcome = { ok: false, detail: `check failed: [${error.code}] ${error.message}` };
    }
    results.push({ name: check.name, ok: outcome.ok, required: check.required, detail: outcome.detail });
  }
  return results;
}
