import { QC_STATUSES, REVIEW_STATUSES } from '@proofsheet/core';
import { REVIEW_SORTS } from '@proofsheet/queue';
import { Type, type Static } from 'typebox';

/** Filters and sort shared by the list and by the detail's neighbours. */
export const RowFilterQuery = Type.Object(
  {
    status: Type.Optional(Type.Enum(REVIEW_STATUSES)),
    qc: Type.Optional(Type.Enum(QC_STATUSES)),
    set: Type.Optional(Type.Integer({ minimum: 1 })),
    run: Type.Optional(Type.String({ pattern: '^run_[A-Za-z0-9_]{1,60}$' })),
    q: Type.Optional(Type.String({ maxLength: 200 })),
    sort: Type.Optional(Type.Enum(REVIEW_SORTS)),
  },
  { additionalProperties: false },
);

/** `GET /api/rows/counts` query: the filters but the status (the counts are per status) and the sort. */
export const RowCountsQuery = Type.Object(
  { qc: RowFilterQuery.properties.qc, set: RowFilterQuery.properties.set, run: RowFilterQuery.properties.run, q: RowFilterQuery.properties.q },
  { additionalProperties: false },
);

/** `GET /api/rows/counts`: rows per review status under the filters (every status listed, 0 included). */
export const RowCountsReply = Type.Object({ total: Type.Integer(), counts: Type.Record(Type.String(), Type.Integer()) });

/** `GET /api/rows` query: the filters plus paging (1-based page). */
export const RowListQuery = Type.Object(
  {
    ...RowFilterQuery.properties,
    page: Type.Optional(Type.Integer({ minimum: 1, maximum: 1_000_000, default: 1 })),
    pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 100 })),
  },
  { additionalProperties: false },
);
export type RowListQuery = Static<typeof RowListQuery>;

const NullableString = Type.Union([Type.String(), Type.Null()]);
const NullableNumber = Type.Union([Type.Number(), Type.Null()]);

/** One row of the list. */
export const RowListItem = Type.Object({
  id: Type.Integer(),
  File_Name: NullableString,
  Original_File_Name: NullableString,
  Review_Status: Type.String(),
  QC_Status: Type.String(),
  QR: NullableNumber,
  DateTime: NullableString,
  Caption: NullableString,
  alt_text: NullableString,
  Keywords: NullableString,
  Subject: NullableString,
  Location: NullableString,
  Folder: NullableString,
  set_id: Type.Union([Type.Integer(), Type.Null()]),
  run_id: NullableString,
  error_code: NullableString,
  updated_at: Type.String(),
  version: Type.Integer({ description: 'send it back with PATCH (optimistic concurrency)' }),
});

export const RowListReply = Type.Object({ total: Type.Integer(), page: Type.Integer(), pageSize: Type.Integer(), rows: Type.Array(RowListItem) });

/** AI value vs current value of one audited field. */
const AiField = Type.Object({ ai: NullableString, current: NullableString, edited: Type.Boolean() });

/** One pre-approval check of `GET /api/rows/:id` (the publisher's `toPublishChecks`). */
export const PublishCheck = Type.Object({
  field: Type.String({ description: 'the column to fix: alt_text, Caption, Keywords, Subject, Location, File_Name (copyright: the configured notice)' }),
  severity: Type.Union([Type.Literal('error'), Type.Literal('warning')], { description: 'error: publish would refuse the row; warning: it would publish but look wrong' }),
  code: Type.Union([
    Type.Literal('ALT_TEXT_MISSING'), Type.Literal('ALT_TEXT_TOO_LONG'), Type.Literal('IPTC_TOO_LONG'), Type.Literal('KEYWORDS_TOO_FEW'),
    Type.Literal('KEYWORDS_TOO_MANY'), Type.Literal('FILE_NAME_TAKEN'), Type.Literal('FILE_NAME_ON_SITE'),
  ]),
  message: Type.String(),
});

/** `GET /api/rows/:id`. */
export const RowDetailReply = Type.Object({
  row: Type.Record(Type.String(), Type.Unknown(), { description: 'every review_queue column, keyed by its name' }),
  version: Type.Integer(),
  exif: Type.Record(Type.String(), Type.Unknown()),
  scores: Type.Record(Type.String(), Type.Unknown()),
  quality_detail: Type.Unknown({ description: 'which metrics ran, on which provider (JSON) or null' }),
  caption_provenance: Type.Unknown(),
  flag_reasons: Type.Unknown({ description: 'why the row needs work (guardrails) or null' }),
  ai_values: Type.Record(Type.String(), AiField),
  neighbours: Type.Object({ previous: Type.Union([Type.Integer(), Type.Null()]), next: Type.Union([Type.Integer(), Type.Null()]) }),
  events: Type.Array(Type.Record(Type.String(), Type.Unknown())),
  publish_checks: Type.Array(PublishCheck, { description: 'what would go wrong on the website if the row were approved and published now' }),
});

const Text = (maxLength: number) => Type.Optional(Type.String({ maxLength }));

/** `PATCH /api/rows/:id`: the fields a reviewer edits, with the version read. Unknown fields are refused. */
export const RowPatchBody = Type.Object(
  {
    version: Type.Integer({ minimum: 0 }),
    File_Name: Text(150),
    Caption: Text(4000),
    alt_text: Text(1000),
    Keywords: Text(4000),
    Subject: Text(200),
    Location: Text(200),
    Folder: Text(200),
    QR: Type.Optional(Type.Union([Type.Number({ minimum: 0, maximum: 10 }), Type.Null()])),
  },
  { additionalProperties: false, minProperties: 2 },
);
export type RowPatchBody = Static<typeof RowPatchBody>;

export const RowPatchReply = Type.Object({ id: Type.Integer(), version: Type.Integer(), changed: Type.Array(Type.String()), row: Type.Record(Type.String(), Type.Unknown()) });

export const Decision = Type.Enum(['approve', 'reject', 'pending']);

export const DecisionBody = Type.Object({ decision: Decision }, { additionalProperties: false });

export const BulkDecisionBody = Type.Object(
  { ids: Type.Array(Type.Integer({ minimum: 1 }), { minItems: 1, maxItems: 1000, uniqueItems: true }), decision: Decision },
  { additionalProperties: false },
);

const DecisionResult = Type.Object({
  id: Type.Union([Type.Integer(), Type.String()]),
  ok: Type.Boolean(),
  from: Type.Optional(Type.String()),
  to: Type.Optional(Type.String()),
  File_Name: Type.Optional(NullableString),
  error_code: Type.Optional(Type.String()),
  message: Type.Optional(Type.String()),
});

export const DecisionReply = Type.Object({ id: Type.Integer(), from: Type.String(), to: Type.String(), File_Name: NullableString });

export const BulkDecisionReply = Type.Object({ updated: Type.Integer(), failed: Type.Integer(), results: Type.Array(DecisionResult) });

/** `POST /api/rows/:id/generate`: the row captioned again, where it went and why. */
export const GenerateReply = Type.Object({
  id: Type.Integer(),
  status: Type.String(),
  reasons: Type.Array(Type.String(), { description: 'guardrail reasons when the row needs work' }),
  changed: Type.Array(Type.String()),
  row: Type.Record(Type.String(), Type.Unknown()),
});

/**
 * `POST /api/rows/:id/generate` with `Accept: text/event-stream`: the data of each `progress` event,
 * what the caption step is doing. `checking` hosts and warming up the model; `waiting` for a free
 * host slot; `sending` request `attempt` to `host`; `answer` recorded with its `outcome`
 * (`accepted`, `rejected` with guardrail `reasons`, `busy`, `unreachable`, timeouts…); `retry`
 * (next `attempt`, with the `reasons` the model is told about); `fallback` to the fallback `model`.
 */
export const GenerateProgress = Type.Object({
  phase: Type.Union([Type.Literal('checking'), Type.Literal('waiting'), Type.Literal('sending'), Type.Literal('answer'), Type.Literal('retry'), Type.Literal('fallback')]),
  model: Type.String(),
  host: Type.Optional(Type.String()),
  attempt: Type.Optional(Type.Integer({ minimum: 1 })),
  outcome: Type.Optional(Type.Union([
    Type.Literal('accepted'), Type.Literal('rejected'), Type.Literal('idle_timeout'), Type.Literal('hard_timeout'),
    Type.Literal('crash'), Type.Literal('unreachable'), Type.Literal('model_missing'), Type.Literal('busy'),
  ])),
  reasons: Type.Optional(Type.Array(Type.String())),
});
