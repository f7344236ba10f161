import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { ProofsheetError } from '@proofsheet/core';

/** The manifest's file name inside a backup folder; written last, so its presence marks a whole backup. */
export const MANIFEST_FILE = 'manifest.json';
/** The database's file name inside a backup folder. */
export const BACKUP_DATABASE_FILE = 'proofsheet.db';

/** One file of a backup, as the manifest records it. */
export interface ManifestFile {
  readonly name: string;
  readonly bytes: number;
  readonly sha256: string;
}

/** `manifest.json` of a backup folder (`proofsheet backup`). */
export interface BackupManifest {
  readonly format: 1;
  readonly created_at: string;
  readonly proofsheet_version: string;
  readonly schema_version: number;
  readonly database: string;
  readonly files: readonly ManifestFile[];
}

/** Size and SHA-256 of `file` (streamed: a large database is never read into memory at once). */
export async function describeFile(file: string): Promise<ManifestFile> {
  const hash = crypto.createHash('sha256');
  let bytes = 0;
  for await (const chunk of fs.createReadStream(file)) {
    hash.update(chunk as Buffer);
    bytes += (chunk as Buffer).length;
  }
  return { name: path.basename(file), bytes, sha256: hash.digest('hex') };
}

/**
 * Reads and checks the backup folder `dir`: its manifest must parse and every file it lists must
 * have the recorded size and SHA-256. Throws `BACKUP_NOT_FOUND` for a folder without a manifest and
 * `BACKUP_DAMAGED` listing every mismatch otherwise.
 */
export async function verifyBackup(dir: string): Promise<BackupManifest> {
  const manifestFile = path.join(dir, MANIFEST_FILE);
  if (!fs.existsSync(manifestFile)) {
    throw new ProofsheetError('BACKUP_NOT_FOUND', `${dir} is not a backup folder (no ${MANIFEST_FILE}); give a folder "proofsheet backup" wrote, e.g. data/backups/<timestamp>`, {
      details: { backup: dir },
    });
  }
  const manifest = parseManifest(manifestFile);
  const problems: string[] = [];
  for (const expected of manifest.files) {
    const file = path.join(dir, expected.name);
    if (!fs.existsSync(file)) {
      problems.push(`${expected.name} is missing`);
      continue;
    }
    const actual = await describeFile(file);
    if (actual.bytes !== expected.bytes) problems.push(`${expected.name} has ${actual.bytes} bytes, the manifest says ${expected.bytes}`);
    else if (actual.sha256 !== expected.sha256) problems.push(`${expected.name} does not match its SHA-256 in the manifest`);
  }
  if (!manifest.files.some((f) => f.name === manifest.database)) problems.push(`the manifest does not list the database ${manifest.database}`);
  if (problems.length > 0) {
    throw new ProofsheetError('BACKUP_DAMAGED', `the backup ${dir} is damaged and was not restored: ${problems.join('; ')}`, { details: { backup: dir, problems } });
  }
  return manifest;
}

function parseManifest(file: string): BackupManifest {
  let value: unknown;
  try {
    value = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (error) {
    throw new ProofsheetError('BACKUP_DAMAGED', `${file} is not valid JSON; the backup was not restored`, { cause: error, details: { manifest: file } });
  }
  const manifest = value as Partial<BackupManifest>;
  const filesOk = Array.isArray(manifest.files) && manifest.files.every((f) => typeof f?.name === 'string' && !f.name.includes('/') && !f.name.includes('\\') && typeof f.sha256 === 'string' && typeof f.bytes === 'number');
  if (manifest.format !== 1 || typeof manifest.database !== 'string' || !filesOk) {
    throw new ProofsheetError('BACKUP_DAMAGED', `${file} is not a manifest this version understands (format 1 with database and files); the backup was not restored`, { details: { manifest: file } });
  }
  return manifest as BackupManifest;
}
