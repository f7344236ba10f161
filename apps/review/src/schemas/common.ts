import { Type, type TSchema } from 'typebox';

/** The error body of every route (docs/api.md). */
export const ErrorReply = Type.Object(
  {
    error: Type.Object({
      code: Type.String({ description: 'ProofsheetError code or HTTP error code (UNAUTHORIZED, CSRF_REJECTED, VALIDATION_FAILED, …)' }),
      message: Type.String(),
      hint: Type.String(),
      details: Type.Optional(Type.Unknown()),
    }),
  },
  { $id: 'ErrorReply' },
);

/** A row id as it appears in a path: plain decimal digits only (no sign, exponent or path can be expressed). */
export const RowId = Type.String({ pattern: '^[1-9][0-9]{0,14}$' });

/** Params of `/api/rows/:id` routes; read the id with `Number(params.id)`. */
export const RowIdParams = Type.Object({ id: RowId }, { additionalProperties: false });

/** Statuses every authenticated route may answer besides its own (guard, validation, busy database). */
const COMMON_ERRORS = [400, 401, 403, 503] as const;

/**
 * The `response` part of a route schema: `ok` for each success status plus {@link ErrorReply} for
 * the common error statuses and the route's own `extra` ones.
 */
export function withErrors<T extends Record<number, TSchema>>(ok: T, ...extra: number[]): T & Record<number, TSchema> {
  const errors: Record<number, TSchema> = {};
  for (const status of [...COMMON_ERRORS, ...extra, 500]) errors[status] = ErrorReply;
  return { ...errors, ...ok };
}

/** The query of a route that takes none: any parameter is refused (400), so typos never pass silently. */
export const NoQuery = Type.Object({}, { additionalProperties: false });

/** The body of a POST that needs none: absent, or an empty JSON object (a POST without a body is read as `{}`). */
export const EmptyBody = Type.Object({}, { additionalProperties: false });
