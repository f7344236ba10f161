import fs from 'node:fs';
import { openDatabase, readLastCatalogPull } from '@proofsheet/queue';
import type { DoctorCheck } from './check.js';
import { LOCAL_DESTINATION_DETAIL } from './ftp-check.js';

/** A mirror older than this is reported (publish pulls again before it starts). */
export const CATALOG_PULL_MAX_AGE_HOURS = 24;

/**
 * `catalog_pull`: when the live catalog was last pulled into the local mirror and how old that is.
 * Optional: `publish` pulls before it starts, but `run` names new photos against the mirror, so
 * `proofsheet catalog pull` before a run keeps names clear of what the website holds.
 */
export const catalogPullCheck: DoctorCheck = {
  name: 'catalog_pull',
  required: false,
  async run({ config, paths }) {
    if (config.publish.destination === 'local') return { ok: true, detail: LOCAL_DESTINATION_DETAIL };
    if (!fs.existsSync(paths.database)) return { ok: false, detail: `${paths.database} does not exist; run "proofsheet init"` };
    const db = openDatabase(paths.database, { readonly: true });
    let last;
    try {
      last = readLastCatalogPull(db);
    } finally {
      db.close();
    }
    if (last === null) return { ok: false, detail: 'the live catalog was never pulled; run "proofsheet catalog pull"' };
    const hours = (Date.now() - Date.parse(last.pulled_at)) / 3_600_000;
    const age = hours < 1 ? `${Math.round(hours * 60)} min` : `${hours.toFixed(1)} h`;
    const detail = `${last.row_count} entries pulled from ${last.source} ${age} ago (${last.pulled_at})`;
    return hours <= CATALOG_PULL_MAX_AGE_HOURS ? { ok: true, detail } : { ok: false, detail: `${detail}; older than ${CATALOG_PULL_MAX_AGE_HOURS} h: run "proofsheet catalog pull"` };
  },
};
