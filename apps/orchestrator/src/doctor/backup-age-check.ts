import fs from 'node:fs';
import path from 'node:path';
import { openDatabase } from '@proofsheet/queue';
import type { DoctorCheck } from './check.js';

/** The newest backup under `dir`: a `proofsheet backup` folder (its manifest's time) or a pre-migration copy (its mtime). */
export function findNewestBackup(dir: string): { path: string; at: Date } | null {
  if (!fs.existsSync(dir)) return null;
  let newest: { path: string; at: Date } | null = null;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const at = readBackupTime(path.join(dir, entry.name), entry.isDirectory());
    if (at !== null && (newest === null || at > newest.at)) newest = { path: path.join(dir, entry.name), at };
  }
  return newest;
}

function readBackupTime(file: string, isDirectory: boolean): Date | null {
  if (!isDirectory) return /^pre-migration-.*\.db$/.test(path.basename(file)) ? fs.statSync(file).mtime : null;
  try {
    const manifest = JSON.parse(fs.readFileSync(path.join(file, 'manifest.json'), 'utf8')) as { created_at?: unknown };
    const at = typeof manifest.created_at === 'string' ? new Date(manifest.created_at) : null;
    return at !== null && !Number.isNaN(at.getTime()) ? at : null;
  } catch {
    return null; // not a finished backup (no or unreadable manifest): it cannot be restored, so it does not count
  }
}

function readNewestRun(database: string): { id: string; at: string } | null {
  const db = openDatabase(database, { readonly: true });
  try {
    const row = db.prepare('SELECT id, coalesce(ended_at, started_at) AS at FROM runs ORDER BY coalesce(ended_at, started_at) DESC LIMIT 1').get() as { id: string; at: string } | undefined;
    return row ?? null;
  } finally {
    db.close();
  }
}

/**
 * `backup_age`: warns when the newest backup under `data/backups/` is older than the newest run
 * (its end, or its start while it runs), so what that run did is in no backup. Optional.
 */
export const backupAgeCheck: DoctorCheck = {
  name: 'backup_age',
  required: false,
  async run({ paths }) {
    if (!fs.existsSync(paths.database)) return { ok: false, detail: `${paths.database} does not exist; run "proofsheet init"` };
    const run = readNewestRun(paths.database);
    const backup = findNewestBackup(path.join(paths.data, 'backups'));
    if (run === null) return { ok: true, detail: backup === null ? 'no runs yet, nothing to back up' : `newest backup ${backup.path} (${backup.at.toISOString()}); no runs yet` };
    if (backup === null) return { ok: false, detail: `no backup under ${path.join(paths.data, 'backups')}, and run ${run.id} has written to the database; run "proofsheet backup"` };
    if (backup.at.getTime() < Date.parse(run.at)) {
      return { ok: false, detail: `the newest backup (${backup.at.toISOString()}, ${backup.path}) is older than run ${run.id} (${run.at}); run "proofsheet backup"` };
    }
    return { ok: true, detail: `newest backup ${backup.path} (${backup.at.toISOString()}) is newer than the newest run ${run.id}` };
  },
};
