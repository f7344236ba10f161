import type { SetItem } from '@proofsheet/review/api-types';

/** The sets, each with a box to include it in the next batch. */
export function SetsTable({ sets, chosen, onToggle }: { sets: readonly SetItem[]; chosen: ReadonlySet<number>; onToggle: (id: number) => void }) {
  return (
    <table className="sets-table" data-testid="sets-table">
      <caption>Sets (tick the ones to process in the next batch; none ticked means every pending set)</caption>
      <thead>
        <tr><th scope="col">Batch</th><th scope="col">#</th><th scope="col">Folder</th><th scope="col">Subject</th><th scope="col">Location</th><th scope="col">Category</th><th scope="col">Status</th><th scope="col">Photos</th></tr>
      </thead>
      <tbody>
        {sets.map((set) => (
          <tr key={set.id} data-set-id={set.id}>
            <td><input type="checkbox" checked={chosen.has(set.id)} onChange={() => onToggle(set.id)} aria-label={`Include set ${set.id} (${set.subject}) in the batch`} /></td>
            <td>{set.id}</td>
            <td className="set-folder">{set.folder}</td>
            <td>{set.subject}</td>
            <td>{set.location}</td>
            <td>{set.category}</td>
            <td>{set.status}</td>
            <td>{set.files}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
