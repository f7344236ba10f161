import type { RowDetail } from '@proofsheet/review/api-types';

/** Guardrail reasons as a list of strings, whatever shape the row stored them in. */
export function toReasons(value: unknown): string[] {
  if (value === null || value === undefined || value === '') return [];
  if (Array.isArray(value)) return value.map((v) => (typeof v === 'string' ? v : JSON.stringify(v)));
  if (typeof value === 'object') return Object.entries(value).map(([k, v]) => `${k}: ${typeof v === 'string' ? v : JSON.stringify(v)}`);
  return [String(value)];
}

/**
 * What would go wrong on the website if this row were approved as saved (alt text, IPTC limits,
 * keyword count, name collisions), and why the pipeline flagged it (guardrails).
 */
export function ChecksPanel({ detail, unsaved }: { detail: RowDetail; unsaved: boolean }) {
  const reasons = toReasons(detail.flag_reasons);
  const checks = detail.publish_checks;
  return (
    <section className="checks" aria-label="Before approving" data-testid="checks-panel">
      <h3>Before approving</h3>
      {checks.length === 0 && reasons.length === 0 ? <p className="ok">Nothing would go wrong on the website.</p> : null}
      {checks.length > 0 ? (
        <ul>
          {checks.map((c) => (
            <li key={`${c.field}-${c.code}`} className={c.severity === 'error' ? 'check-error' : 'check-warning'}>
              <strong>{c.severity === 'error' ? 'Fix' : 'Check'}</strong> {c.field.replaceAll('_', ' ')}: {c.message}
            </li>
          ))}
        </ul>
      ) : null}
      {reasons.length > 0 ? (
        <>
          <h4>Why the pipeline flagged it</h4>
          <ul>{reasons.map((r) => <li key={r}>{r}</li>)}</ul>
        </>
      ) : null}
      {unsaved ? <p className="help">These checks are for the saved values; your unsaved edits are checked when you save.</p> : null}
    </section>
  );
}
