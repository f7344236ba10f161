import type { SqliteDatabase } from '../db/sqlite.js';

/** What the queue still points at on disk: staged copies by path, derivative folders by row id. */
export interface ReferencedFiles {
  /** `incoming_path` of every row that has one (as stored: absolute). */
  readonly incoming: ReadonlySet<string>;
  /** Every row id (its `data/derived/<row_id>/` folder belongs to it, whatever its status). */
  readonly rowIds: ReadonlySet<number>;
}

/** Reads every file reference of the queue in one read transaction (a consistent snapshot). */
export function readReferencedFiles(db: SqliteDatabase): ReferencedFiles {
  return db.transaction(() => {
    const rows = db.prepare('SELECT id, incoming_path FROM review_queue').all() as Array<{ id: number; incoming_path: string | null }>;
    return {
      incoming: new Set(rows.flatMap((row) => (row.incoming_path ? [row.incoming_path] : []))),
      rowIds: new Set(rows.map((row) => row.id)),
    };
  }).deferred();
}
