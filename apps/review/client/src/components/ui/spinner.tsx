/** A quiet "loading" line, announced to screen readers. */
export function Loading({ label = 'Loading…' }: { label?: string }) {
  return <p className="loading" role="status">{label}</p>;
}
