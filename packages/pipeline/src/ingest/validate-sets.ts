import { ProofsheetError, toStageHeader, type Clock } from '@proofsheet/core';
import { formatSetIssues, validateSet, type NamingOptions, type SetIssue, type SetValidation } from '@proofsheet/ingest';
import type { SetRecord } from '@proofsheet/queue';

/** A set that passed stage 1, with the files found in its folder. */
export interface ValidatedSet {
  readonly set: SetRecord;
  readonly validation: SetValidation;
}

/**
 * Stage 1 over every set of a run: validates all of them and, when any has a problem, throws one
 * `SET_INVALID` listing every problem of every set (`details.issues`). Nothing is written either
 * way; the caller creates the run only after this returns.
 */
export async function validateIngestSets(sets: readonly SetRecord[], naming: NamingOptions, clock: Clock, say: (line: string) => void = () => undefined): Promise<ValidatedSet[]> {
  say(toStageHeader('validate'));
  const year = clock.now().getFullYear();
  const validated: ValidatedSet[] = [];
  const issues: SetIssue[] = [];
  for (const set of sets) {
    const validation = await validateSet({ ...set, label: `set ${set.id}` }, naming, year);
    issues.push(...validation.issues);
    validated.push({ set, validation });
  }
  if (issues.length > 0) {
    throw new ProofsheetError('SET_INVALID', `${issues.length} problem(s) in ${sets.length === 1 ? 'the set' : 'the sets'}; nothing was written:\n${formatSetIssues(issues)}`, {
      details: { issues },
    });
  }
  const files = validated.reduce((n, v) => n + v.validation.listing.files.length, 0);
  say(`  ${sets.length} set(s) valid, ${files} file(s)`);
  return validated;
}
