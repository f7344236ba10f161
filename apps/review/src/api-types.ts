/**
 * The review API's types, for the browser client (`client/src/lib/api-client.ts`): each one is the
 * `Static` type of the route schema the server validates with, so the two can never drift apart.
 * Type-only: the client imports this module with `import type` and no server code reaches the bundle.
 */
import type { Static } from 'typebox';
import type { ErrorReply } from './schemas/common.js';
import type { KeywordsQuery, KeywordsReply } from './schemas/keywords.js';
import type { StatsQuery, StatsReply } from './schemas/stats.js';
import type { PublishBody, PublishSummaryJson } from './schemas/publish.js';
import type {
  BulkDecisionBody, BulkDecisionReply, RowCountsQuery, RowCountsReply, DecisionBody, DecisionReply, GenerateProgress, GenerateReply, RowDetailReply, RowListQuery, RowListReply, RowPatchBody, RowPatchReply,
} from './routes/api/rows/schemas.js';
import type { RunErrorsReply, RunJson, StartBody, Started } from './schemas/runs.js';
import type { NewSetBody, SetJson } from './schemas/sets.js';

export type { PublishEvent, PublishRowEvent } from './server/publish-jobs.js';

export type ApiErrorBody = Static<typeof ErrorReply>;
export type RowListQueryParams = Static<typeof RowListQuery>;
export type RowList = Static<typeof RowListReply>;
export type RowCountsQueryParams = Static<typeof RowCountsQuery>;
export type RowCounts = Static<typeof RowCountsReply>;
export type RowListItem = RowList['rows'][number];
export type RowDetail = Static<typeof RowDetailReply>;
/** One of `RowDetail['publish_checks']`: what would go wrong on the website if the row were approved now. */
export type PublishCheckItem = RowDetail['publish_checks'][number];
export type RowPatch = Static<typeof RowPatchBody>;
export type RowPatchResult = Static<typeof RowPatchReply>;
export type Decision = Static<typeof DecisionBody>['decision'];
export type DecisionResult = Static<typeof DecisionReply>;
export type BulkDecision = Static<typeof BulkDecisionBody>;
export type BulkDecisionResult = Static<typeof BulkDecisionReply>;
export type GenerateResult = Static<typeof GenerateReply>;
export type GenerateProgressData = Static<typeof GenerateProgress>;
/** One server-sent event of `POST /api/rows/:id/generate` with `Accept: text/event-stream`: progress, then exactly one `done` or `error`. */
export type GenerateEvent =
  | { readonly event: 'progress'; readonly data: GenerateProgressData }
  | { readonly event: 'done'; readonly data: GenerateResult }
  | { readonly event: 'error'; readonly data: ApiErrorBody };
export type Run = Static<typeof RunJson>;
export type RunStart = Static<typeof StartBody>;
export type RunStarted = Static<typeof Started>;
/** `GET /api/runs/:id/errors`: the triage of one run (`proofsheet triage --json`). */
export type RunErrors = Static<typeof RunErrorsReply>;
export type SetItem = Static<typeof SetJson>;
export type NewSet = Static<typeof NewSetBody>;
export type PublishRequest = Static<typeof PublishBody>;
/** The `summary` event's document (`publish --json`). */
export type PublishSummary = Static<typeof PublishSummaryJson>;
export type StatsQueryParams = Static<typeof StatsQuery>;
export type ReviewStats = Static<typeof StatsReply>;
export type KeywordsQueryParams = Static<typeof KeywordsQuery>;
export type KeywordCompletions = Static<typeof KeywordsReply>;
