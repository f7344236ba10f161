import type { ErrorKind } from '@proofsheet/core';

/** Exit codes (SPEC §13). */
export const EXIT = {
  ok: 0,
  rowsFailed: 1,
  usage: 2,
  aborted: 3,
  internal: 70,
} as const;
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** The exit code for an error of the given kind. */
export const EXIT_FOR_KIND: { readonly [K in ErrorKind]: ExitCode } = {
  usage: EXIT.usage,
  operational: EXIT.aborted,
  row: EXIT.rowsFailed,
  internal: EXIT.internal,
};
