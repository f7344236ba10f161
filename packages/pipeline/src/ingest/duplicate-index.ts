import type { DuplicateRef, StageFileOutcome } from '@proofsheet/ingest';
import { findDuplicateByHash, listRows, type SqliteDatabase } from '@proofsheet/queue';

/** Where files of a run were already seen: by content hash, and unreadable files by source path. */
export interface DuplicateIndex {
  /** The queue row, catalog entry or earlier file of this run with this content. */
  findByHash(sha256: string): DuplicateRef | null;
  /**
   * For a file that could not be read at all (no hash): its existing `FILE_UNREADABLE` Error row
   * from an earlier run (same source path), so a re-run does not add a second one.
   */
  findUnreadable(file: string): DuplicateRef | null;
  /** Remembers a staged or failed file, so later files of the run with the same content are duplicates. */
  record(outcome: StageFileOutcome): void;
}

/** Builds the index for one run over `db`. */
export function createDuplicateIndex(db: SqliteDatabase): DuplicateIndex {
  const seen = new Map<string, DuplicateRef>();
  let unreadable: Map<string, DuplicateRef> | null = null;
  return {
    findByHash: (sha256) => seen.get(sha256) ?? toDuplicateRef(findDuplicateByHash(db, sha256)),
    findUnreadable(file) {
      unreadable ??= new Map(
        listRows(db, { status: 'Error', errorCode: 'FILE_UNREADABLE' })
          .filter((row) => row.source_path !== null)
          .map((row) => [row.source_path as string, { where: 'queue', row_id: row.id, File_Name: row.File_Name, Review_Status: row.Review_Status }]),
      );
      return unreadable.get(file) ?? null;
    },
    record(outcome) {
      if (outcome.kind === 'duplicate' || outcome.sha256 === null || seen.has(outcome.sha256)) return;
      seen.set(outcome.sha256, { where: 'run', file: outcome.file });
    },
  };
}

function toDuplicateRef(match: ReturnType<typeof findDuplicateByHash>): DuplicateRef | null {
  if (match === null) return null;
  if (match.source === 'catalog') return { where: 'catalog', File_Name: match.File_Name };
  return { where: 'queue', row_id: match.id, File_Name: match.File_Name, Review_Status: match.Review_Status };
}
