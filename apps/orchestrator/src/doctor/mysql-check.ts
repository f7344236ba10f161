import { createMysqlCatalogStore } from '@proofsheet/publisher';
import { openCatalogClient } from '../publish/open-destination.js';
import type { DoctorCheck } from './check.js';
import { LOCAL_DESTINATION_DETAIL } from './ftp-check.js';

/**
 * `mysql`: logs in to `publish.mysql` (password from the environment) and checks the website table:
 * its unique key on `File_Name` and `content_sha256` column (a table without them fails with the
 * `ALTER TABLE` to run), or that it is missing and will be created on the first publish.
 */
export const mysqlCheck: DoctorCheck = {
  name: 'mysql',
  required: true,
  async run({ config, secrets }) {
    if (config.publish.destination === 'local') return { ok: true, detail: LOCAL_DESTINATION_DETAIL };
    const { mysql } = config.publish;
    if (!mysql.host || !mysql.database) return { ok: false, detail: 'publish.mysql.host and publish.mysql.database must be set' };
    const client = openCatalogClient(config, secrets);
    try {
      const store = createMysqlCatalogStore(client, mysql.table);
      const table = await store.ensureTable({ create: false });
      const [count] = table === 'missing' ? [{ n: 0 }] : await client.query<{ n: number }>(`SELECT COUNT(*) AS n FROM \`${mysql.table}\``);
      return {
        ok: true,
        detail: table === 'missing'
          ? `${client.target}: logged in; table ${mysql.table} does not exist yet (publish creates it with its unique key)`
          : `${client.target}: logged in; table ${mysql.table} has its unique key on File_Name; ${Number(count?.n ?? 0)} rows`,
      };
    } finally {
      await client.close();
    }
  },
};
