import path from 'node:path';
import { ProofsheetError, type ProjectPaths, type ResolvedConfig, type Secrets } from '@proofsheet/core';
import { createLocalDestination, type PublishDestination } from '@proofsheet/publisher';
import type { SqliteDatabase } from '@proofsheet/queue';

/** Where `local` publishes files: `data/site/`. */
export function toSiteDir(paths: ProjectPaths): string {
  return path.join(paths.data, 'site');
}

/** Where prepared files wait until they are published: `data/publish/<row_id>/`. */
export function toPublishWorkDir(paths: ProjectPaths): string {
  return path.join(paths.data, 'publish');
}

/**
 * The destination `publish.destination` names. `local` needs nothing; `remote` (FTP + MySQL)
 * needs its host settings and the passwords from the environment.
 */
export function openDestination(input: { config: ResolvedConfig; secrets: Secrets; paths: ProjectPaths; db: SqliteDatabase }): PublishDestination {
  if (input.config.publish.destination === 'local') return createLocalDestination({ siteDir: toSiteDir(input.paths), db: input.db });
  throw new ProofsheetError('CONFIG_INVALID', 'publish.destination "remote" (FTP + MySQL) is not available in this version yet; use "local"', {
    details: { path: 'publish.destination' },
  });
}
