import type { SqliteDatabase } from '../db/sqlite.js';
import { nowIso } from '../internal/time.js';
import type { ActorKind } from '../status/transitions.js';

/** What a row event records. */
export type RowEventKind = 'decision' | 'field_edit' | 'rename' | 'error' | 'retry' | 'stage';

/** Who made a change: the actor kind (as in the transition table) plus an optional name (operator, host). */
export interface Actor {
  readonly kind: ActorKind;
  readonly name?: string;
  /** The run the change belongs to, when it was made by one. */
  readonly runId?: string;
}

/** One audit entry: old value → new value of one field, by whom and when. */
export interface RowEvent {
  readonly id: number;
  readonly row_id: number;
  readonly run_id: string | null;
  readonly kind: RowEventKind;
  readonly field: string | null;
  readonly old_value: string | null;
  readonly new_value: string | null;
  readonly actor: ActorKind;
  readonly actor_name: string | null;
  readonly created_at: string;
}

/** Input of {@link recordRowEvent}. Values are stored as text (JSON for non-strings). */
export interface RowEventInput {
  readonly rowId: number;
  readonly kind: RowEventKind;
  readonly field?: string;
  readonly oldValue?: unknown;
  readonly newValue?: unknown;
  readonly actor: Actor;
}

function toText(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** Appends one row event (decisions, field edits, renames, errors, retries). */
export function recordRowEvent(db: SqliteDatabase, event: RowEventInput): void {
  db.prepare(
    `INSERT INTO row_events (row_id, run_id, kind, field, old_value, new_value, actor, actor_name, created_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(event.rowId, event.actor.runId ?? null, event.kind, event.field ?? null, toText(event.oldValue), toText(event.newValue), event.actor.kind, event.actor.name ?? null, nowIso());
}

/** The events of one row, oldest first. */
export function listRowEvents(db: SqliteDatabase, rowId: number): RowEvent[] {
  return db.prepare('SELECT * FROM row_events WHERE row_id = ? ORDER BY id').all(rowId) as RowEvent[];
}
