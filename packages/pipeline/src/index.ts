/**
 * @proofsheet/pipeline — the runner: composes ingest and stages over the queue with per-row
 * checkpoints and bounded concurrency per stage.
 */
export { runRowFlow, type FlowStage, type StepResult, type RowSettlement, type RowFlowOptions } from './flow/row-flow.js';
export { createLimiter, type Limiter } from './flow/limiter.js';
export { validateIngestSets, type ValidatedSet } from './ingest/validate-sets.js';
export { runIngest, type RunIngestOptions, type IngestResult, type IngestFileResult, type IngestCounts } from './ingest/ingest-sets.js';
export { runRowStages, type RowStagesOptions, type RowStagesResult } from './runner/run-row-stages.js';
export { selectWaitingRows } from './runner/select-rows.js';
export type { RunContext, RowStageCounts } from './runner/types.js';
export { reverifyIncoming, type ReverifyReport } from './runner/reverify-incoming.js';
export { planRecovery, hasRecoveryWork, formatRecoveryPlan, type RecoveryPlan } from './runner/plan-recovery.js';
export { planClean, applyClean, type CleanPlan, type CleanItem } from './clean/clean-data.js';
export { validateNewSet, type NewSetInput, type NewSetCheck } from './runner/validate-new-set.js';
export { recaptionRow, type RecaptionOutcome, type RecaptionOptions } from './runner/recaption-row.js';
export type { CaptionProgress, CaptionProgressListener } from '@proofsheet/stages';
