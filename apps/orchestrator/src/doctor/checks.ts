import fs from 'node:fs';
import path from 'node:path';
import { probeDatabase } from '@proofsheet/queue';
import type { DoctorCheck } from './check.js';
import { backupAgeCheck } from './backup-age-check.js';
import { catalogPullCheck } from './catalog-pull-check.js';
import { ftpCheck } from './ftp-check.js';
import { logSinksCheck } from './log-sinks-check.js';
import { mysqlCheck } from './mysql-check.js';
import { ollamaCheck } from './ollama-check.js';
import { qualityCheck } from './quality-check.js';

/** Free space below which the disk check fails: derivatives of one batch need room. */
export const MIN_FREE_BYTES = 1024 ** 3;

function writableDirectory(name: string, pick: (paths: { data: string; logs: string }) => string): DoctorCheck {
  return {
    name,
    required: true,
    async run({ paths }) {
      const dir = pick(paths);
      if (!fs.existsSync(dir)) return { ok: false, detail: `${dir} does not exist; run "proofsheet init"` };
      const probe = path.join(dir, `.doctor-${process.pid}-${Date.now()}`);
      try {
        fs.writeFileSync(probe, 'ok');
        fs.rmSync(probe);
        return { ok: true, detail: `${dir} is writable` };
      } catch (error) {
        return { ok: false, detail: `${dir} is not writable (${(error as NodeJS.ErrnoException).code ?? String(error)})` };
      }
    },
  };
}

const diskSpace: DoctorCheck = {
  name: 'disk_space',
  required: true,
  async run({ paths }) {
    const target = fs.existsSync(paths.data) ? paths.data : paths.root;
    const stats = fs.statfsSync(target);
    const free = stats.bavail * stats.bsize;
    const gib = (free / 1024 ** 3).toFixed(1);
    return free >= MIN_FREE_BYTES
      ? { ok: true, detail: `${gib} GiB free at ${target}` }
      : { ok: false, detail: `only ${gib} GiB free at ${target}; at least ${MIN_FREE_BYTES / 1024 ** 3} GiB needed` };
  },
};

const database: DoctorCheck = {
  name: 'database',
  required: true,
  async run({ paths }) {
    if (!fs.existsSync(paths.database)) return { ok: false, detail: `${paths.database} does not exist; run "proofsheet init"` };
    return probeDatabase(paths.database);
  },
};

/** The checks `proofsheet doctor` runs, in order (the config check runs before these). */
export const DOCTOR_CHECKS: readonly DoctorCheck[] = [
  writableDirectory('data_dir', (p) => p.data),
  writableDirectory('logs_dir', (p) => p.logs),
  diskSpace,
  database,
  logSinksCheck,
  ollamaCheck,
  qualityCheck,
  ftpCheck,
  mysqlCheck,
  catalogPullCheck,
  backupAgeCheck,
];
