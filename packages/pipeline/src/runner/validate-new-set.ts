import { ProofsheetError, type ResolvedConfig } from '@proofsheet/core';
import { formatSetIssues, validateSet } from '@proofsheet/ingest';

/** A set to add: an absolute folder plus the fields every filename of the set is built from. */
export interface NewSetInput {
  readonly folder: string;
  readonly subject: string;
  readonly location: string;
  readonly category: string;
}

/** A set that passed stage 1: how many images it holds, how many other files will become Error rows, and a preview name. */
export interface NewSetCheck {
  readonly imageCount: number;
  readonly otherFiles: number;
  readonly previewName: string | null;
}

/**
 * Stage 1 for a set about to be added (the same checks as `proofsheet set add`): every problem of
 * the folder and the fields is reported at once as one `SET_INVALID` (`details.issues`); nothing
 * is written either way. For callers that may not import the ingest package (the review server).
 */
export async function validateNewSet(input: NewSetInput, naming: ResolvedConfig['naming'], year: number): Promise<NewSetCheck> {
  const validation = await validateSet(input, naming, year);
  if (validation.issues.length > 0) {
    throw new ProofsheetError('SET_INVALID', `the set was not added:\n${formatSetIssues(validation.issues)}`, { details: { issues: validation.issues } });
  }
  return { imageCount: validation.imageCount, otherFiles: validation.listing.files.length - validation.imageCount, previewName: validation.previewName };
}
