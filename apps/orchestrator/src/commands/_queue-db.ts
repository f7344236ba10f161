import fs from 'node:fs';
import { ProofsheetError, toProjectPaths, type ProjectPaths } from '@proofsheet/core';
import { openQueueDatabase, type SqliteDatabase } from '@proofsheet/queue';
import type { CommandContext } from '../cli/command.js';

/**
 * Loads the config and opens (migrating) the project's queue database for a command, then runs
 * `fn` and closes the connection. A missing database is `DB_NOT_INITIALISED` with the fix.
 */
export async function withQueueDatabase<T>(ctx: CommandContext, fn: (db: SqliteDatabase, paths: ProjectPaths) => T | Promise<T>): Promise<T> {
  const { config } = ctx.loadConfig();
  const paths = toProjectPaths(ctx.root, config.paths);
  if (!fs.existsSync(paths.database)) {
    throw new ProofsheetError('DB_NOT_INITIALISED', `no database at ${paths.database}; run "proofsheet init${ctx.root === ctx.cwd ? '' : ` --root ${ctx.root}`}" first`, {
      details: { database: paths.database },
    });
  }
  const db = openQueueDatabase(paths.database);
  try {
    return await fn(db, paths);
  } finally {
    db.close();
  }
}

/** Parses a positive integer option/argument, or throws `USAGE` naming it. */
export function parsePositiveInt(value: string, what: string, command: string): number {
  if (!/^\d+$/.test(value) || Number(value) < 1) throw new ProofsheetError('USAGE', `${what} must be a positive integer, got "${value}"`, { details: { command } });
  return Number(value);
}
