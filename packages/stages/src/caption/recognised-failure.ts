import { ProofsheetError } from '@proofsheet/core';

/**
 * Whether `error` is a failure an adapter recognised (a {@link ProofsheetError} that is not
 * `INTERNAL`). Anything else is a bug: the caption stage lets it propagate so that the run stops
 * (exit 70) instead of deferring or quarantining rows as if Ollama were away.
 */
export function isRecognisedFailure(error: unknown): error is ProofsheetError {
  return error instanceof ProofsheetError && error.kind !== 'internal';
}
