/**
 * @proofsheet/queue — the SQLite store (SPEC §4–§5). The only user of better-sqlite3.
 * Open with {@link openQueueDatabase} (migrates); every function takes the connection first.
 */
export { openDatabase, probeDatabase, type SqliteDatabase, type OpenDatabaseOptions, type DatabaseProbe } from './db/sqlite.js';
export { openQueueDatabase, migrateDatabase, readSchemaVersion, readMigrations, toLatestSchemaVersion, type Migration, type MigrateOptions } from './db/migrate.js';
export { runImmediate } from './db/transaction.js';
export { backupDatabase, copyDatabaseSync, checkDatabaseFile, replaceDatabaseFile, toBackupStamp, type ReplacedDatabase } from './db/backup-database.js';
export { listNameReservations, releaseNames, type NameListing, type ReleaseOutcome } from './sql/release-names.js';
export { REVIEW_QUEUE_COLUMNS, ORIGINAL_REVIEW_COLUMN_COUNT, MANAGED_COLUMNS, type ReviewColumn, type ReviewRow, type ReviewRowValues } from './schema/review-columns.js';
export { REVIEW_TRANSITIONS, ACTOR_KINDS, isTransitionAllowed, assertTransition, listTransitionPairs, isReviewStatus, type ActorKind } from './status/transitions.js';
export { createSet, getSet, requireSet, listSets, removeSet, updateSetStatus, type SetRecord, type SetStatus, type CreateSetInput } from './sql/sets.js';
export {
  createRun, getRun, requireRun, listRuns, finishRun, touchRun, recordRunStageResult, findInterruptedRuns, findLiveRuns, assertNoLiveRun,
  type RunRecord, type RunStatus, type RunError, type CreateRunInput, type InterruptedRunOptions,
} from './sql/runs.js';
export {
  reserveFilenames, createNameAllocator, getReservation, listReservations, toNameKey, parseSequencedName,
  type NameRequest, type Reservation, type ReservationState,
} from './sql/filename-reservations.js';
export { insertSetRows, insertErrorRow, type SetRowInput, type InsertSetRowsInput, type InsertedRow, type RowErrorInput, type InsertErrorRowInput } from './sql/insert-rows.js';
export { findDuplicateByHash, type DuplicateMatch } from './sql/find-duplicate.js';
export { getRow, requireRow, listRows, countRows, type RowFilter, type RowCounts } from './sql/read-rows.js';
export {
  transitionRow, markRowError, retryErrorRows, isFinalErrorCode, type TransitionResult, type RetryFilter, type RetriedRow, type RefusedRetry, type RetryResult,
} from './sql/transition-row.js';
export { returnStrandedRows, type ReturnedRow } from './sql/stranded-rows.js';
export { updateRowFields, renameRow } from './sql/update-row.js';
export { recordRowEvent, listRowEvents, type RowEvent, type RowEventKind, type RowEventInput, type Actor } from './sql/row-events.js';
export { createSqliteLogStore, toSqliteLogFile } from './log-store/sqlite-log-store.js';
export { completeRowStage, AI_AUDITED_FIELDS, type CompleteStageInput } from './sql/complete-stage.js';
export { recordCaptionAttempts, listCaptionAttempts, type CaptionAttemptInput, type CaptionAttemptRecord } from './sql/caption-attempts.js';
export { upsertCatalogEntries, getCatalogEntry, countCatalogEntries, CATALOG_COLUMNS, type CatalogEntry, type CatalogColumn } from './sql/catalog-mirror.js';
export { listPublishedRowRecords, markRowsForRepublish, type VerifyScope, type PublishedRowRecord } from './sql/verify-scope.js';
export { readReferencedFiles, type ReferencedFiles } from './sql/referenced-files.js';
export {
  PUBLISH_STEPS, listPublishCandidates, openPublishJob, getOpenPublishJob, listPublishJobs, beginPublishStep, completePublishStep, failPublishJob, finishPublishJob,
  getPublishedCatalogId, type PublishStep, type PublishJob, type PublishJobStatus, type PublishCandidate, type PublishReason, type OpenPublishJobInput,
} from './sql/publish-jobs.js';
export { upsertLocalCatalogRow, replaceCatalogMirror, readLastCatalogPull, renameRowToNextFreeName, type PulledCatalogEntry } from './sql/catalog-sync.js';
export { decideRow, decideRows, DECISION_STATUS, type Decision, type DecisionResult } from './sql/decide-rows.js';
export {
  listReviewRows, countReviewRowsByStatus, findRowNeighbours, readRowVersion, toFtsQuery, REVIEW_SORTS, type ReviewSort, type ReviewRowQuery, type ReviewListRow, type RowNeighbours,
} from './sql/review-rows.js';
export { editRowAtVersion, type RowEdit, type RowEditOutcome } from './sql/review-edits.js';
export { countRunRows, findRowByFileName, listUnresolvedRunIds, type RunImpact } from './sql/run-impact.js';
export {
  readReviewStats, REVIEW_BREAK_SEC, type ReviewStats, type ReviewHour, type AiAcceptance, type ModelAcceptance,
} from './sql/review-stats.js';
export { listKeywordUses, type KeywordUse, type KeywordUseQuery } from './sql/keyword-usage.js';
