import type { RowDetail } from '@proofsheet/review/api-types';

const show = (value: unknown): string => (value === null || value === undefined ? '—' : typeof value === 'object' ? JSON.stringify(value) : String(value));

/** A definition list of a record (EXIF, scores); values shown as text only. */
function Facts({ title, facts }: { title: string; facts: Record<string, unknown> }) {
  const entries = Object.entries(facts).filter(([, v]) => v !== null && v !== undefined && v !== '');
  return (
    <section className="facts" aria-label={title}>
      <h3>{title}</h3>
      {entries.length === 0 ? <p className="help">none recorded</p> : (
        <dl>
          {entries.map(([key, value]) => (
            <div key={key}>
              <dt>{key.replaceAll('_', ' ')}</dt>
              <dd>{show(value)}</dd>
            </div>
          ))}
        </dl>
      )}
    </section>
  );
}

/** Which quality metrics ran and on what, from the row's quality detail. */
function Metrics({ detail }: { detail: unknown }) {
  if (detail === null || typeof detail !== 'object') return <p className="help">No quality detail recorded (the row was not scored).</p>;
  return <Facts title="Which metrics ran" facts={detail as Record<string, unknown>} />;
}

/** Scores (QR editable, QC band following it), which metrics ran, EXIF and caption provenance. */
export function ScorePanel({ detail, qr, onQr }: { detail: RowDetail; qr: string; onQr: (value: string) => void }) {
  return (
    <div className="score-panel">
      <div className="field">
        <label htmlFor="field-QR">Quality rating (QR, 0–10; the QC band follows it when saved)</label>
        <input id="field-QR" type="number" min={0} max={10} step={0.1} value={qr} onChange={(e) => onQr(e.target.value)} data-testid="field-QR" />
      </div>
      <Facts title="Scores" facts={detail.scores} />
      <Metrics detail={detail.quality_detail} />
      <Facts title="Caption provenance" facts={(detail.caption_provenance ?? {}) as Record<string, unknown>} />
      <Facts title="EXIF" facts={detail.exif} />
    </div>
  );
}
