import { Type } from 'typebox';

const ISO_DATE = '^[0-9]{4}-[0-9]{2}-[0-9]{2}([T ][0-9]{2}:[0-9]{2}(:[0-9]{2}(\\.[0-9]{1,9})?)?(Z|[+-][0-9]{2}:?[0-9]{2})?)?$';

/** `GET /api/stats` query. */
export const StatsQuery = Type.Object(
  { since: Type.Optional(Type.String({ pattern: ISO_DATE, maxLength: 40, description: 'ISO date or date-time (UTC unless an offset is given); default: 24 hours ago' })) },
  { additionalProperties: false },
);

const Share = Type.Union([Type.Number({ minimum: 0, maximum: 1 }), Type.Null()]);
const Acceptance = { field: Type.String(), approved: Type.Integer(), unedited: Type.Integer(), share: Share };

/** `GET /api/stats`. */
export const StatsReply = Type.Object({
  since: Type.String(),
  until: Type.String(),
  decisions: Type.Integer(),
  reviewed_rows: Type.Integer(),
  per_hour: Type.Array(Type.Object({ hour: Type.String(), decisions: Type.Integer(), approved: Type.Integer(), rejected: Type.Integer(), pending: Type.Integer() })),
  seconds_per_row: Type.Object({ median: Type.Union([Type.Number(), Type.Null()]), samples: Type.Integer(), break_after_sec: Type.Integer() }),
  ai_acceptance: Type.Array(Type.Object(Acceptance)),
  ai_acceptance_by_model: Type.Array(Type.Object({ ...Acceptance, model: Type.Union([Type.String(), Type.Null()]), prompt_hash: Type.Union([Type.String(), Type.Null()]) })),
});
