import { redactUrlCredentials } from '../redact.js';
import type { ResolvedConfig } from './schema.js';

/**
 * A copy of `config` safe to print or store (`proofsheet config`, the `runs` snapshot): URL
 * credentials are masked. Passwords never enter the config object at all (see `Secrets`).
 */
export function toRedactedConfig(config: ResolvedConfig): ResolvedConfig {
  const database = config.logging.database;
  return {
    ...config,
    logging: {
      ...config.logging,
      database: database === null ? null : { ...database, url: redactUrlCredentials(database.url) },
    },
  };
}
