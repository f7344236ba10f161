import { readPublishChecks } from '@proofsheet/publisher';
import { AI_AUDITED_FIELDS, findRowNeighbours, listRowEvents, readRowVersion, requireRow, type ReviewRow, type ReviewRowQuery, type SqliteDatabase } from '@proofsheet/queue';

const EXIF_FIELDS = ['DateTime', 'Camera', 'Lens_model', 'Width', 'Height', 'Exposure', 'Aperture', 'ISO', 'Focal_length'] as const;
const SCORE_FIELDS = ['QR', 'QC_Status', 'nima_score', 'blur_score', 'brightness_score', 'contrast_score', 'brisque_score', 'clip_aesthetic_score'] as const;

/** A JSON column parsed, or its raw text when it is not JSON (never throws on a damaged value). */
function parseJsonColumn(value: unknown): unknown {
  if (typeof value !== 'string' || value === '') return value ?? null;
  try {
    return JSON.parse(value) as unknown;
  } catch {
    return value;
  }
}

function pick(row: Record<string, unknown>, fields: readonly string[]): Record<string, unknown> {
  return Object.fromEntries(fields.map((field) => [field, row[field] ?? null]));
}

/**
 * Everything the editor shows of row `id`: the row, its version, EXIF and scores, which metrics ran
 * (`quality_detail`), caption provenance, guardrail reasons, per audited field the value the
 * pipeline (AI) wrote vs the current one (from `row_events`), its neighbours in the list `query`
 * describes, its event history (newest last) and what would go wrong on the website if it were
 * approved now (`publish_checks`, with the configured `copyright`). Throws `ROW_NOT_FOUND`.
 */
export function readRowDetail(db: SqliteDatabase, id: number, query: ReviewRowQuery, options: { readonly copyright: string | null }) {
  const row = requireRow(db, id) as unknown as Record<string, unknown>;
  const events = listRowEvents(db, id);
  const aiValues: Record<string, { ai: string | null; current: string | null; edited: boolean }> = {};
  for (const field of AI_AUDITED_FIELDS) {
    const ai = events.filter((e) => e.actor === 'pipeline' && e.field === field && e.kind === 'field_edit').at(-1)?.new_value ?? null;
    const current = (row[field] as string | null) ?? null;
    aiValues[field] = { ai, current, edited: events.some((e) => e.actor === 'operator' && e.field === field) };
  }
  return {
    row,
    version: readRowVersion(db, id),
    exif: pick(row, EXIF_FIELDS),
    scores: pick(row, SCORE_FIELDS),
    quality_detail: parseJsonColumn(row.quality_detail),
    caption_provenance: parseJsonColumn(row.caption_provenance),
    flag_reasons: parseJsonColumn(row.flag_reasons),
    ai_values: aiValues,
    neighbours: findRowNeighbours(db, id, query),
    events: events.slice(-200) as unknown as Array<Record<string, unknown>>,
    publish_checks: readPublishChecks(db, row as unknown as ReviewRow, options),
  };
}
