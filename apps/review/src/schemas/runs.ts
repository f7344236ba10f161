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
  interrupted: Type.Boolean({ description: 'running in the database but its process is gone: `POST /api/runs/resume` continues it' }),
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

const NullableString = Type.Union([Type.String(), Type.Null()]);
const StackFrame = Type.Object({ file: NullableString, line: Type.Union([Type.Integer(), Type.Null()]), function: NullableString, code: NullableString });
const Exception = { exception_type: NullableString, exception_message: NullableString, frames: Type.Array(StackFrame) };

/**
 * `GET /api/runs/:id/errors`: the structure of `proofsheet triage --json` (SPEC §8) — the run, its
 * rows by status (`impact`), the first fatal error, the deduplicated errors, the stack and the analysis.
 */
export const RunErrorsReply = Type.Object({
  run_id: Type.String(),
  status: Type.String(),
  log_files: Type.Array(Type.String()),
  impact: Type.Object({ rows: Type.Integer(), review_status: Type.Record(Type.String(), Type.Integer()), qc_status: Type.Record(Type.String(), Type.Integer()) }),
  error_summary: Type.String(),
  first_fatal: Type.Union([
    Type.Object({
      source: Type.String(), line: Type.Integer(), timestamp: NullableString, stage: NullableString, row_id: Type.Union([Type.Integer(), Type.String(), Type.Null()]),
      file_name: NullableString, message: Type.String(), error_code: NullableString,
    }),
    Type.Null(),
  ]),
  errors: Type.Array(Type.Object({
    timestamp: NullableString,
    level: Type.String(),
    stage: NullableString,
    message: Type.String(),
    error_code: NullableString,
    dedupe_key: Type.String(),
    key_parts: Type.Object({ stage: NullableString, message: Type.Optional(Type.String()), frames: Type.Optional(Type.String()) }),
    count: Type.Integer(),
    first_seen: NullableString,
    last_seen: NullableString,
    row_ids: Type.Array(Type.Union([Type.Integer(), Type.String()])),
    file_names: Type.Array(Type.String()),
    error_type: Type.String(),
  })),
  traceback: Type.Union([
    Type.Object({ raw: Type.String(), language: Type.String(), ...Exception, causes: Type.Array(Type.Object(Exception)) }),
    Type.Null(),
  ]),
  analysis: Type.Union([Type.Object({ error_type: Type.String(), description: Type.String(), confidence: Type.Number(), suggestions: Type.Array(Type.String()) }), Type.Null()]),
  lines_read: Type.Integer(),
  malformed_lines: Type.Integer(),
}, { description: 'the structure of `proofsheet triage --json` (SPEC §8)' });
