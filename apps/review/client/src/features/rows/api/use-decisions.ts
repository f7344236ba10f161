import { useState } from 'react';
import type { BulkDecisionResult, Decision } from '@proofsheet/review/api-types';
import { useDecideRows } from './decide-rows';
import { forgetDecision, rememberDecision, toUndoDecisions, useLastDecision } from './undo-decision';

/** Decisions with undo and a readable outcome, shared by the queue and the editor. */
export function useDecisions() {
  const decide = useDecideRows();
  const last = useLastDecision();
  const [outcome, setOutcome] = useState<{ text: string; failed: BulkDecisionResult['results'] } | null>(null);

  const run = async (ids: readonly number[], decision: Decision): Promise<BulkDecisionResult | null> => {
    if (ids.length === 0) return null;
    const result = await decide.mutateAsync({ ids, decision });
    rememberDecision(decision, result);
    const failed = result.results.filter((r) => !r.ok);
    const verb = { approve: 'approved', reject: 'rejected', pending: 'set back to Pending' }[decision];
    setOutcome({ text: `${result.updated} ${result.updated === 1 ? 'row' : 'rows'} ${verb}${failed.length > 0 ? `, ${failed.length} refused` : ''}`, failed });
    return result;
  };

  const undo = async (): Promise<void> => {
    if (last === null) return;
    let restored = 0;
    const failed: BulkDecisionResult['results'] = [];
    for (const group of toUndoDecisions(last)) {
      const result = await decide.mutateAsync(group);
      restored += result.updated;
      failed.push(...result.results.filter((r) => !r.ok));
    }
    forgetDecision();
    setOutcome({ text: `undone: ${restored} ${restored === 1 ? 'row' : 'rows'} put back${failed.length > 0 ? `, ${failed.length} could not be` : ''}`, failed });
  };

  return { run, undo, canUndo: last !== null, pending: decide.isPending, error: decide.error, outcome, clearOutcome: () => setOutcome(null) };
}
