import { Type } from 'typebox';

/** `GET /api/keywords` query. */
export const KeywordsQuery = Type.Object(
  {
    prefix: Type.Optional(Type.String({ maxLength: 100, description: 'case-insensitive start of the keyword; empty lists every keyword' })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20 })),
  },
  { additionalProperties: false },
);

/** `GET /api/keywords`: keywords already used on rows, most used first. */
export const KeywordsReply = Type.Object({
  prefix: Type.String(),
  keywords: Type.Array(Type.Object({ keyword: Type.String(), uses: Type.Integer({ description: 'rows carrying it' }) })),
});
