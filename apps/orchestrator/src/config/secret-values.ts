import { SECRET_ENV_VARS, type Env } from '@proofsheet/core';

/** Every secret value present in the environment, for masking in any output. */
export function readSecretValues(env: Env): string[] {
  return Object.values(SECRET_ENV_VARS)
    .flat()
    .map((name) => env[name])
    .filter((value): value is string => typeof value === 'string' && value.length > 0);
}
