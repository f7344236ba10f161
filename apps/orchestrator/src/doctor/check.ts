import type { ProjectPaths, ResolvedConfig, Secrets } from '@proofsheet/core';

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
