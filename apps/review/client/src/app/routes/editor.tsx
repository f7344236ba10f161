import { useParams, useSearchParams } from 'react-router';
import { ErrorMessage } from '../../components/ui/error-message';
import { Loading } from '../../components/ui/spinner';
import { Editor } from '../../features/editor/components/editor';
import { useRow } from '../../features/rows/api/get-row';
import { readRowFilter } from '../../features/rows/api/row-filter';

/** Editor of one row (`#/rows/12?status=Pending`): the filter after `?` decides Next and Back. */
export function EditorRoute() {
  const { id } = useParams();
  const [params] = useSearchParams();
  const filter = readRowFilter(params);
  const rowId = Number(id);
  const row = useRow(rowId, filter);
  if (!Number.isSafeInteger(rowId) || rowId < 1) return <p role="alert">“{id}” is not a row id. <a href="#/queue">Back to the queue</a></p>;
  if (row.isPending) return <Loading label={`Loading row ${rowId}…`} />;
  if (row.isError) return <ErrorMessage error={row.error} title={`Row ${rowId} could not be loaded`} retry={() => void row.refetch()} />;
  // Keyed by id: every piece of editor state (draft, zoom, progress) belongs to one row only.
  return <Editor key={rowId} detail={row.data} filter={filter} />;
}
