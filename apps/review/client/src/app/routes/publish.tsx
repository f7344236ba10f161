import { useQueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';
import { ErrorMessage } from '../../components/ui/error-message';
import { Loading } from '../../components/ui/spinner';
import { PublishPanel } from '../../features/publish/components/publish-panel';
import { useRows } from '../../features/rows/api/get-rows';

const APPROVED = { status: 'Approved' } as const;

/** The Publish page (SPEC §10): approved rows, Publish, live progress per row, one summary dialog. */
export function PublishRoute() {
  const queryClient = useQueryClient();
  const approved = useRows(APPROVED, 1, 500);
  const onFinished = useCallback(() => void queryClient.invalidateQueries({ queryKey: ['rows'] }), [queryClient]);
  return (
    <section className="publish-page" aria-labelledby="publish-title">
      <h1 id="publish-title">Publish</h1>
      {approved.isPending ? <Loading label="Loading the approved rows…" /> : null}
      {approved.isError ? <ErrorMessage error={approved.error} title="The approved rows could not be loaded" retry={() => void approved.refetch()} /> : null}
      {approved.isSuccess ? <PublishPanel approved={approved.data.rows} approvedTotal={approved.data.total} onFinished={onFinished} /> : null}
    </section>
  );
}
