import { Type } from 'typebox';

/** One run as `GET /api/runs` lists it (`proofsheet status --json`'s run plus per-stage trace facts). */
export const RunJson = Type.Object({
  id: Type.String(),
  trigger: Type.String(),
  status: Type.String(),
  started_at: Type.String(),
  ended_at: Type.Union([Type.String(), Type.Null()]),
  set_ids: Type.Array(Type.Integer()),
  counts: Type.Union([Type.Record(Type.String(), Type.Number()), Type.Null()]),
  stage_results: Type.Record(Type.String(), Type.Unknown(), { description: 'per stage: timings and counts as the runner recorded them' }),
  log_dir: Type.Union([Type.String(), Type.Null()]),
  stages: Type.Array(
    Type.Object({
      stage: Type.String(),
      number: Type.Union([Type.Integer(), Type.Null()]),
      pending: Type.Union([Type.Integer(), Type.Null()]),
      processed: Type.Union([Type.Integer(), Type.Null()]),
      errors: Type.Integer(),
      elapsed_ms: Type.Union([Type.Number(), Type.Null()]),
    }),
    { description: 'per stage, from the run trace: rows pending, processed, errors, time taken' },
  ),
});

/** `POST /api/runs`: which sets, and whether to caption. */
export const StartBody = Type.Object(
  { sets: Type.Optional(Type.Array(Type.Integer({ minimum: 1 }), { maxItems: 100, uniqueItems: true })), caption: Type.Optional(Type.Boolean({ default: true })) },
  { additionalProperties: false },
);

/** 202 of `POST /api/runs` and `/api/runs/resume`: the child process started. */
export const Started = Type.Object({ pid: Type.Integer(), args: Type.Array(Type.String()) });
