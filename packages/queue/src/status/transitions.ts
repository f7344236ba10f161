import { ProofsheetError, REVIEW_STATUSES, type ReviewStatus } from '@proofsheet/core';

/** Who causes a status change. */
export const ACTOR_KINDS = ['pipeline', 'operator', 'publisher', 'retry'] as const;
export type ActorKind = (typeof ACTOR_KINDS)[number];

type TransitionTable = { readonly [From in ReviewStatus]: { readonly [To in ReviewStatus]?: readonly ActorKind[] } };

/**
 * The one `Review_Status` transition table (SPEC §3): for every `from`, the `to` statuses allowed
 * and the actor kinds that may cause each. A pair not listed is illegal. Staying in the same status
 * is never a transition. `Published` is final; `Rejected` and `Published` rows are kept, never deleted.
 */
export const REVIEW_TRANSITIONS: TransitionTable = {
  Queued: { Pending: ['pipeline'], Metadata_Needs_Work: ['pipeline'], Error: ['pipeline'] },
  Pending: {
    Metadata_Needs_Work: ['pipeline', 'operator'],
    Approved: ['operator'],
    Rejected: ['operator'],
    Error: ['pipeline'],
  },
  Metadata_Needs_Work: {
    Pending: ['pipeline', 'operator'],
    Approved: ['operator'],
    Rejected: ['operator'],
    Error: ['pipeline'],
  },
  Approved: { Pending: ['operator'], Metadata_Needs_Work: ['operator'], Rejected: ['operator'], Published: ['publisher'] },
  // Undoing a rejection re-reserves the row's name (refused if someone else holds it meanwhile).
  Rejected: { Pending: ['operator'] },
  Published: {},
  // Error always has a way out: retry requeues it at the failed stage; an operator may give up on it.
  Error: { Queued: ['retry'], Rejected: ['operator'] },
};

/** Whether `actor` may move a row from `from` to `to`. */
export function isTransitionAllowed(from: ReviewStatus, to: ReviewStatus, actor: ActorKind): boolean {
  return REVIEW_TRANSITIONS[from][to]?.includes(actor) ?? false;
}

/** Every (from, to, actor) triple, allowed or not, for tables and tests. */
export function listTransitionPairs(): Array<{ from: ReviewStatus; to: ReviewStatus; actor: ActorKind; allowed: boolean }> {
  return REVIEW_STATUSES.flatMap((from) =>
    REVIEW_STATUSES.flatMap((to) => ACTOR_KINDS.map((actor) => ({ from, to, actor, allowed: isTransitionAllowed(from, to, actor) }))),
  );
}

/** Throws `ILLEGAL_TRANSITION` (with the allowed alternatives) unless `actor` may move `from` → `to`. */
export function assertTransition(from: ReviewStatus, to: ReviewStatus, actor: ActorKind, rowId?: number): void {
  if (isTransitionAllowed(from, to, actor)) return;
  const who = REVIEW_TRANSITIONS[from][to];
  const row = rowId === undefined ? 'row' : `row ${rowId}`;
  const targets = Object.keys(REVIEW_TRANSITIONS[from]);
  const reason =
    from === to
      ? `it is already ${to}`
      : who !== undefined
        ? `only ${who.join('/')} may do that`
        : targets.length === 0
          ? `${from} is final`
          : `${from} can move only to ${targets.join(', ')}`;
  throw new ProofsheetError('ILLEGAL_TRANSITION', `${row}: ${actor} cannot move ${from} → ${to}: ${reason}`, {
    details: { row_id: rowId ?? null, from, to, actor },
  });
}

/** Whether `value` is a `Review_Status` (rows from an old queue may hold legacy values). */
export function isReviewStatus(value: unknown): value is ReviewStatus {
  return typeof value === 'string' && (REVIEW_STATUSES as readonly string[]).includes(value);
}
