import { Type } from 'typebox';

/** `POST /api/publish`. */
export const PublishBody = Type.Object(
  {
    rows: Type.Optional(Type.Array(Type.Integer({ minimum: 1 }), { minItems: 1, maxItems: 1000, uniqueItems: true, description: 'only these rows (default: every approved row)' })),
    dryRun: Type.Optional(Type.Boolean({ description: 'show what would happen; change nothing' })),
  },
  { additionalProperties: false },
);
