import type { Env } from '@proofsheet/core';

/** The only read of `process.env` in Proofsheet: a frozen snapshot handed to everything else. */
export function readProcessEnv(): Env {
  return Object.freeze({ ...process.env });
}
