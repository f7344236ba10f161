/**
 * Expected outcomes are values, not exceptions. A stage returns one of these for each row;
 * throwing means an unexpected failure.
 */
export type StageOutcome<T = undefined> =
  | { readonly kind: 'done'; readonly value: T }
  | { readonly kind: 'skipped'; readonly reason: string }
  | { readonly kind: 'needs_review'; readonly value: T; readonly reasons: readonly string[] };

/** The outcome kinds, as recorded in `row_stage_finished` trace events (plus `failed` for errors). */
export type OutcomeKind = StageOutcome['kind'] | 'failed';

/** Builds a `done` outcome. */
export function done<T>(value: T): StageOutcome<T> {
  return { kind: 'done', value };
}

/** Builds a `skipped` outcome. */
export function skipped<T = undefined>(reason: string): StageOutcome<T> {
  return { kind: 'skipped', reason };
}

/** Builds a `needs_review` outcome. */
export function needsReview<T>(value: T, reasons: readonly string[]): StageOutcome<T> {
  return { kind: 'needs_review', value, reasons };
}
