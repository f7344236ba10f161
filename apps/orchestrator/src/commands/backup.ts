import fs from 'node:fs';
import path from 'node:path';
import { ProofsheetError, toProjectPaths } from '@proofsheet/core';
import { backupDatabase, openDatabase, readSchemaVersion, toBackupStamp } from '@proofsheet/queue';
import type { CommandSpec } from '../cli/command.js';
import { EXIT } from '../cli/exit-codes.js';
import { locateConfigFile } from '../config/load-config.js';
import { VERSION } from '../version.js';
import { BACKUP_DATABASE_FILE, MANIFEST_FILE, describeFile, type BackupManifest, type ManifestFile } from './_backup-manifest.js';

/**
 * `proofsheet backup [--to DIR]`: an online, consistent copy of the database (SQLite's backup API:
 * safe while a run or the review server writes), the config file (it never holds secrets: those
 * come from the environment only) and `manifest.json` (SHA-256 and size of each file, schema level,
 * Proofsheet version, time). Default folder: `data/backups/<timestamp>/`. The database is not
 * migrated: a backup is what is on disk.
 */
export const backupCommand: CommandSpec = {
  name: 'backup',
  summary: 'consistent copy of the database and config (+ manifest with SHA-256) into data/backups/<timestamp>/',
  synopsis: 'proofsheet backup [--to DIR]',
  options: { to: { type: 'string' } },
  async run(ctx) {
    const { config } = ctx.loadConfig();
    const paths = toProjectPaths(ctx.root, config.paths);
    if (!fs.existsSync(paths.database)) {
      throw new ProofsheetError('DB_NOT_INITIALISED', `no database at ${paths.database} to back up; run "proofsheet init" first`, { details: { database: paths.database } });
    }
    const createdAt = new Date();
    const dir = typeof ctx.options.to === 'string' ? path.resolve(ctx.cwd, ctx.options.to) : path.join(paths.data, 'backups', toBackupStamp(createdAt));
    if (fs.existsSync(dir) && fs.readdirSync(dir).length > 0) {
      throw new ProofsheetError('USAGE', `${dir} is not empty; give --to a new or empty folder`, { details: { command: 'backup', to: dir } });
    }
    fs.mkdirSync(dir, { recursive: true });
    const db = openDatabase(paths.database);
    let schemaVersion: number;
    try {
      schemaVersion = readSchemaVersion(db);
      await backupDatabase(db, path.join(dir, BACKUP_DATABASE_FILE));
    } finally {
      db.close();
    }
    const files: ManifestFile[] = [await describeFile(path.join(dir, BACKUP_DATABASE_FILE))];
    const configFile = locateConfigFile(ctx.root, ctx.cwd, ctx.env, ctx.configPath).path;
    if (fs.existsSync(configFile)) {
      fs.copyFileSync(configFile, path.join(dir, path.basename(configFile)));
      files.push(await describeFile(path.join(dir, path.basename(configFile))));
    }
    const manifest: BackupManifest = {
      format: 1,
      created_at: createdAt.toISOString(),
      proofsheet_version: VERSION,
      schema_version: schemaVersion,
      database: BACKUP_DATABASE_FILE,
      files,
    };
    fs.writeFileSync(path.join(dir, MANIFEST_FILE), `${JSON.stringify(manifest, null, 2)}\n`);
    for (const file of files) ctx.say(`${file.name.padEnd(24)} ${String(file.bytes).padStart(12)} bytes  sha256 ${file.sha256}`);
    ctx.say(`Backup written to ${dir} (schema level ${schemaVersion}). Restore it with "proofsheet restore ${dir}".`);
    ctx.emit({ dir, ...manifest });
    return EXIT.ok;
  },
};
