import type { Env, ResolvedConfig } from '@proofsheet/core';
import { readSecretValues } from '../config/secret-values.js';

/**
 * Every secret value the loggers must mask: passwords from the environment plus the password
 * inside `logging.database.url` (so it is masked even where it appears without its URL).
 */
export function toLogSecrets(config: ResolvedConfig | null, env: Env): string[] {
  const secrets = readSecretValues(env);
  const url = config?.logging.database?.url;
  if (url) {
    try {
      const password = decodeURIComponent(new URL(url).password);
      if (password) secrets.push(password);
    } catch {
      // not a URL (e.g. a SQLite path): no password inside
    }
  }
  return secrets;
}
