import type { SqliteDatabase } from '../db/sqlite.js';
import { AI_AUDITED_FIELDS } from './complete-stage.js';

/** A gap between two decisions of the same operator longer than this is a break, not review time. */
export const REVIEW_BREAK_SEC = 600;

/** Decisions made in one clock hour (UTC). */
export interface ReviewHour {
  /** The hour's start, ISO-8601 UTC (`2026-12-03T16:00:00.000Z`). */
  readonly hour: string;
  readonly decisions: number;
  readonly approved: number;
  readonly rejected: number;
  readonly pending: number;
}

/** How often the AI's text of one field was approved as the pipeline wrote it. */
export interface AiAcceptance {
  readonly field: string;
  /** Approved rows that had an AI value for the field. */
  readonly approved: number;
  /** Of those, the rows whose field the operator never edited before approving. */
  readonly unedited: number;
  /** `unedited / approved`, or null when nothing was approved. */
  readonly share: number | null;
}

/** {@link AiAcceptance} for the text one model wrote with one prompt. */
export interface ModelAcceptance extends AiAcceptance {
  readonly model: string | null;
  readonly prompt_hash: string | null;
}

/** The review statistics of {@link readReviewStats}. */
export interface ReviewStats {
  readonly since: string;
  readonly until: string;
  /** Operator decisions (approve, reject, back to pending) in the window. */
  readonly decisions: number;
  /** Rows with at least one operator decision in the window. */
  readonly reviewed_rows: number;
  /** Hours with at least one decision, oldest first (hours without decisions are left out). */
  readonly per_hour: readonly ReviewHour[];
  /** Median seconds between consecutive decisions of the same operator, gaps over {@link REVIEW_BREAK_SEC} left out as breaks. */
  readonly seconds_per_row: { readonly median: number | null; readonly samples: number; readonly break_after_sec: number };
  /** Per audited field (Caption, alt_text, Keywords): rows approved in the window with the AI's text unedited. */
  readonly ai_acceptance: readonly AiAcceptance[];
  /** The same, per field, model and prompt hash (from `caption_provenance`). */
  readonly ai_acceptance_by_model: readonly ModelAcceptance[];
}

interface DecisionEvent {
  readonly id: number;
  readonly row_id: number;
  readonly new_value: string;
  readonly actor_name: string | null;
  readonly created_at: string;
}

interface AuditEvent {
  readonly id: number;
  readonly row_id: number;
  readonly kind: string;
  readonly field: string | null;
  readonly actor: string;
}

/** `caption_provenance` keys of the audited row columns. */
const PROVENANCE_KEY: Readonly<Record<(typeof AI_AUDITED_FIELDS)[number], string>> = { Caption: 'caption', alt_text: 'alt_text', Keywords: 'keywords' };

const toHour = (iso: string): string => `${iso.slice(0, 13)}:00:00.000Z`;

function toMedian(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

function toPerHour(decisions: readonly DecisionEvent[]): ReviewHour[] {
  const hours = new Map<string, { decisions: number; approved: number; rejected: number; pending: number }>();
  for (const d of decisions) {
    const hour = hours.get(toHour(d.created_at)) ?? { decisions: 0, approved: 0, rejected: 0, pending: 0 };
    hour.decisions += 1;
    if (d.new_value === 'Approved') hour.approved += 1;
    else if (d.new_value === 'Rejected') hour.rejected += 1;
    else if (d.new_value === 'Pending') hour.pending += 1;
    hours.set(toHour(d.created_at), hour);
  }
  return [...hours.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([hour, counts]) => ({ hour, ...counts }));
}

/** Gaps between consecutive decisions of each operator (`actor_name`), breaks left out. */
function toReviewGaps(decisions: readonly DecisionEvent[]): number[] {
  const last = new Map<string, number>();
  const gaps: number[] = [];
  for (const d of decisions) {
    const at = Date.parse(d.created_at);
    const operator = d.actor_name ?? '';
    const previous = last.get(operator);
    last.set(operator, at);
    if (previous === undefined) continue;
    const seconds = (at - previous) / 1000;
    if (seconds <= REVIEW_BREAK_SEC) gaps.push(seconds);
  }
  return gaps;
}

type Tally = { approved: number; unedited: number };
const toShare = (t: Tally): number | null => (t.approved === 0 ? null : Math.round((t.unedited / t.approved) * 10_000) / 10_000);

function readProvenance(db: SqliteDatabase, rowIds: readonly number[]): Map<number, Record<string, { model?: string; prompt_hash?: string } | undefined>> {
  const result = new Map<number, Record<string, { model?: string; prompt_hash?: string } | undefined>>();
  const select = db.prepare('SELECT id, caption_provenance FROM review_queue WHERE id = ?');
  for (const id of rowIds) {
    const row = select.get(id) as { id: number; caption_provenance: string | null } | undefined;
    try {
      result.set(id, row?.caption_provenance ? (JSON.parse(row.caption_provenance) as Record<string, { model?: string; prompt_hash?: string }>) : {});
    } catch {
      result.set(id, {});
    }
  }
  return result;
}

/**
 * Whether each approved row's AI text of each audited field was kept: for the row's last approval
 * in the window, the field had a value written by the pipeline (a `field_edit` by `pipeline`) and no
 * operator `field_edit` of it came between that value and the approval.
 */
function toAcceptance(db: SqliteDatabase, approvals: ReadonlyMap<number, number>): { fields: AiAcceptance[]; models: ModelAcceptance[] } {
  const byField = new Map<string, Tally>(AI_AUDITED_FIELDS.map((f) => [f, { approved: 0, unedited: 0 }]));
  const byModel = new Map<string, Tally & { field: string; model: string | null; prompt_hash: string | null }>();
  const events = db.prepare("SELECT id, row_id, kind, field, actor FROM row_events WHERE row_id = ? AND id < ? AND kind = 'field_edit' ORDER BY id");
  const provenance = readProvenance(db, [...approvals.keys()]);
  for (const [rowId, approvalId] of approvals) {
    const rowEvents = events.all(rowId, approvalId) as AuditEvent[];
    for (const field of AI_AUDITED_FIELDS) {
      const ofField = rowEvents.filter((e) => e.field === field);
      const aiAt = ofField.findLastIndex((e) => e.actor === 'pipeline');
      if (aiAt < 0) continue;
      const unedited = !ofField.slice(aiAt + 1).some((e) => e.actor === 'operator');
      const tally = byField.get(field)!;
      tally.approved += 1;
      if (unedited) tally.unedited += 1;
      const source = provenance.get(rowId)?.[PROVENANCE_KEY[field]];
      const model = source?.model ?? null;
      const promptHash = source?.prompt_hash ?? null;
      const key = JSON.stringify([field, model, promptHash]);
      const group = byModel.get(key) ?? { field, model, prompt_hash: promptHash, approved: 0, unedited: 0 };
      group.approved += 1;
      if (unedited) group.unedited += 1;
      byModel.set(key, group);
    }
  }
  return {
    fields: [...byField.entries()].map(([field, t]) => ({ field, approved: t.approved, unedited: t.unedited, share: toShare(t) })),
    models: [...byModel.values()].map((g) => ({ field: g.field, model: g.model, prompt_hash: g.prompt_hash, approved: g.approved, unedited: g.unedited, share: toShare(g) })),
  };
}

/**
 * Review statistics from `row_events` for decisions made from `since` (default: 24 hours before
 * `now`) to `now`: decisions per clock hour, the median time per reviewed row and the share of AI
 * text approved unedited, per field and per model / prompt hash. Only operator decisions count.
 */
export function readReviewStats(db: SqliteDatabase, options: { readonly since?: string; readonly now?: Date } = {}): ReviewStats {
  const until = (options.now ?? new Date()).toISOString();
  const since = options.since ?? new Date(Date.parse(until) - 24 * 3600_000).toISOString();
  const decisions = db
    .prepare("SELECT id, row_id, new_value, actor_name, created_at FROM row_events WHERE kind = 'decision' AND actor = 'operator' AND created_at >= ? AND created_at <= ? ORDER BY created_at, id")
    .all(since, until) as DecisionEvent[];
  const approvals = new Map<number, number>();
  for (const d of decisions) {
    if (d.new_value === 'Approved') approvals.set(d.row_id, d.id);
    else approvals.delete(d.row_id);
  }
  const gaps = toReviewGaps(decisions);
  const acceptance = toAcceptance(db, approvals);
  return {
    since,
    until,
    decisions: decisions.length,
    reviewed_rows: new Set(decisions.map((d) => d.row_id)).size,
    per_hour: toPerHour(decisions),
    seconds_per_row: { median: toMedian(gaps), samples: gaps.length, break_after_sec: REVIEW_BREAK_SEC },
    ai_acceptance: acceptance.fields,
    ai_acceptance_by_model: acceptance.models,
  };
}
