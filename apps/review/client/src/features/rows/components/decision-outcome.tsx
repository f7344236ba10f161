import type { BulkDecisionResult } from '@proofsheet/review/api-types';
import { ErrorMessage } from '../../../components/ui/error-message';

/** What the last decision did, and each refused row with its reason (e.g. the name is taken). */
export function DecisionOutcome({ outcome, error }: { outcome: { text: string; failed: BulkDecisionResult['results'] } | null; error: unknown }) {
  return (
    <div className="decision-outcome" role="status" aria-live="polite" data-testid="decision-outcome">
      {error !== null && error !== undefined ? <ErrorMessage error={error} title="The decision was not saved" /> : null}
      {outcome !== null ? <p>{outcome.text}</p> : null}
      {outcome !== null && outcome.failed.length > 0 ? (
        <ul className="refused">
          {outcome.failed.map((r) => <li key={String(r.id)}>{`row ${r.id}: ${r.message ?? r.error_code ?? 'refused'}`}</li>)}
        </ul>
      ) : null}
    </div>
  );
}
