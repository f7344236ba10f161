import { useSyncExternalStore } from 'react';
import type { BulkDecisionResult, Decision } from '@proofsheet/review/api-types';

/** The last decision made on this page, and where each row it moved came from. */
export interface LastDecision {
  readonly decision: Decision;
  readonly moves: ReadonlyArray<{ readonly id: number; readonly from: string }>;
}

let last: LastDecision | null = null;
const listeners = new Set<() => void>();

/** Remembers a decision's successful moves, so that Undo can put them back. */
export function rememberDecision(decision: Decision, result: BulkDecisionResult): void {
  const moves = result.results.filter((r) => r.ok && typeof r.id === 'number' && r.from !== undefined).map((r) => ({ id: Number(r.id), from: r.from ?? 'Pending' }));
  last = moves.length === 0 ? null : { decision, moves };
  for (const listener of listeners) listener();
}

/** Forgets the last decision (after it was undone). */
export function forgetDecision(): void {
  last = null;
  for (const listener of listeners) listener();
}

/**
 * The decisions that undo `last`: each row goes back to where it was. A row that came from
 * Metadata_Needs_Work goes back to Pending (no decision leads to Metadata_Needs_Work; it is
 * reviewed again either way).
 */
export function toUndoDecisions(decision: LastDecision): Array<{ decision: Decision; ids: number[] }> {
  const back: Record<string, Decision> = { Approved: 'approve', Rejected: 'reject' };
  const groups = new Map<Decision, number[]>();
  for (const move of decision.moves) {
    const target = back[move.from] ?? 'pending';
    groups.set(target, [...(groups.get(target) ?? []), move.id]);
  }
  return [...groups].map(([d, ids]) => ({ decision: d, ids }));
}

/** The last decision, for the Undo button. */
export function useLastDecision(): LastDecision | null {
  return useSyncExternalStore(
    (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    () => last,
  );
}
