import { Type } from 'typebox';

/** `POST /api/publish`. */
export const PublishBody = Type.Object(
  {
    rows: Type.Optional(Type.Array(Type.Integer({ minimum: 1 }), { minItems: 1, maxItems: 1000, uniqueItems: true, description: 'only these rows (default: every approved row)' })),
    dryRun: Type.Optional(Type.Boolean({ description: 'show what would happen; change nothing' })),
  },
  { additionalProperties: false },
);

const NullableString = Type.Union([Type.String(), Type.Null()]);

/** The `proofsheet publish --json` document (SPEC §13) that the `summary` event of `GET /api/publish/events` carries. */
export const PublishSummaryJson = Type.Object({
  published: Type.Integer(),
  failed: Type.Integer(),
  skipped: Type.Integer(),
  dry_run: Type.Boolean(),
  halted: Type.Union([Type.Object({ code: Type.String(), message: Type.String() }), Type.Null()], { description: 'the failure that stopped the publish (rows not started are not_run)' }),
  rows: Type.Array(Type.Object({
    id: Type.Integer(),
    File_Name: NullableString,
    status: Type.String({ description: 'published, failed, skipped, not_run, would_publish or would_fail' }),
    error_code: NullableString,
    error_message: NullableString,
    reason: Type.String(),
    catalog_id: Type.Union([Type.Integer(), Type.Null()]),
  })),
});
