import { Type } from 'typebox';

/** One set, as `set list --json` shows it (SPEC §13). */
export const SetJson = Type.Object({
  id: Type.Integer(),
  folder: Type.String(),
  subject: Type.String(),
  location: Type.String(),
  category: Type.String(),
  status: Type.String(),
  files: Type.Integer(),
});

const SetField = Type.String({ minLength: 1, maxLength: 200 });

/** `POST /api/sets`. */
export const NewSetBody = Type.Object(
  { folder: Type.String({ minLength: 1, maxLength: 4096, description: 'absolute path of the folder on the server' }), subject: SetField, location: SetField, category: SetField },
  { additionalProperties: false },
);
