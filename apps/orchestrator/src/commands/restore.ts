import fs from 'node:fs';
import path from 'node:path';
import { ProofsheetError, toProjectPaths } from '@proofsheet/core';
import { assertNoLiveRun, checkDatabaseFile, openDatabase, readSchemaVersion, replaceDatabaseFile, toBackupStamp } from '@proofsheet/queue';
import type { CommandSpec } from '../cli/command.js';
import { EXIT } from '../cli/exit-codes.js';
import { verifyBackup } from './_backup-manifest.js';

/**
 * `proofsheet restore <backup>`: puts the database of a backup folder (or a pre-migration copy
 * `data/backups/pre-migration-*.db`, checked with `integrity_check` only) back in place. Refused while
 * a run is live (`RUN_IN_PROGRESS`) or another process keeps the database open (`DB_BUSY`), and for
 * a backup whose files do not match its manifest or whose database fails `integrity_check`
 * (`BACKUP_DAMAGED`). The replaced database is checkpointed (its -wal folded in) and kept as
 * `data/proofsheet.db.replaced-<timestamp>`. The config file is not overwritten: the backup's copy
 * is named so it can be compared.
 */
export const restoreCommand: CommandSpec = {
  name: 'restore',
  summary: 'put a backup folder\'s database back in place (checked against its manifest; the replaced one is kept aside)',
  synopsis: 'proofsheet restore <backup>',
  maxPositionals: 1,
  async run(ctx) {
    const [argument] = ctx.positionals;
    if (argument === undefined) throw new ProofsheetError('USAGE', 'restore needs the backup folder, e.g. "proofsheet restore data/backups/<timestamp>"', { details: { command: 'restore' } });
    const { config } = ctx.loadConfig();
    const paths = toProjectPaths(ctx.root, config.paths);
    const dir = path.resolve(ctx.cwd, argument);
    const single = isSingleFileBackup(dir);
    const manifest = single ? null : await verifyBackup(dir);
    const source = manifest === null ? dir : path.join(dir, manifest.database);
    const integrity = checkDatabaseFile(source);
    if (!integrity.ok) throw new ProofsheetError('BACKUP_DAMAGED', `the database of the backup ${dir} fails integrity_check (${integrity.detail}); it was not restored`, { details: { backup: dir } });
    if (fs.existsSync(paths.database)) refuseWhileRunLive(paths.database);
    const aside = `${paths.database}.replaced-${toBackupStamp()}`;
    const replaced = replaceDatabaseFile(paths.database, source, aside);
    if (replaced.aside !== null) ctx.say(`Kept the replaced database as ${replaced.aside}`);
    if (manifest === null) {
      ctx.say(`Restored ${paths.database} from the pre-migration copy ${dir} (no manifest: checked with integrity_check only).`);
      ctx.emit({ restored: paths.database, from: dir, replaced: replaced.aside, created_at: null, schema_version: null });
      return EXIT.ok;
    }
    ctx.say(`Restored ${paths.database} from ${dir} (taken ${manifest.created_at}, schema level ${manifest.schema_version}, Proofsheet ${manifest.proofsheet_version}).`);
    const configCopy = manifest.files.find((file) => file.name !== manifest.database);
    if (configCopy) ctx.say(`The configuration was left as it is; the backup's copy is ${path.join(dir, configCopy.name)}.`);
    ctx.emit({ restored: paths.database, from: dir, replaced: replaced.aside, created_at: manifest.created_at, schema_version: manifest.schema_version });
    return EXIT.ok;
  },
};

/** A pre-migration copy (`pre-migration-<from>-to-<to>-<stamp>.db`): one SQLite file without a manifest. */
function isSingleFileBackup(file: string): boolean {
  return /^pre-migration-\d+-to-\d+-.*\.db$/.test(path.basename(file)) && fs.statSync(file, { throwIfNoEntry: false })?.isFile() === true;
}

function refuseWhileRunLive(file: string): void {
  const db = openDatabase(file);
  try {
    if (readSchemaVersion(db) > 0) assertNoLiveRun(db);
  } finally {
    db.close();
  }
}
