import { ProofsheetError } from '@proofsheet/core';
import { createMysqlCatalogStore, createMysqlClient } from '@proofsheet/publisher';
import { replaceCatalogMirror } from '@proofsheet/queue';
import type { CommandSpec } from '../cli/command.js';
import { EXIT } from '../cli/exit-codes.js';
import { withQueueDatabase } from './_queue-db.js';

/**
 * `proofsheet catalog pull`: copies the live MySQL catalog's `File_Name`, `content_sha256`,
 * `Original_File_Name`, folder and date into the local mirror (one transaction; names the website no
 * longer has are removed), so naming and duplicate detection see what the website holds.
 */
export const catalogCommand: CommandSpec = {
  name: 'catalog',
  summary: "copy the live catalog's names and hashes into the local mirror",
  synopsis: 'proofsheet catalog pull',
  maxPositionals: 1,
  async run(ctx) {
    if (ctx.positionals[0] !== 'pull') throw new ProofsheetError('USAGE', 'usage: proofsheet catalog pull', { details: { command: 'catalog' } });
    const { config, secrets } = ctx.loadConfig();
    const mysql = config.publish.mysql;
    if (!mysql.host || !mysql.database) throw new ProofsheetError('CONFIG_INVALID', 'publish.mysql.host and publish.mysql.database must be set to pull the catalog', { details: { path: 'publish.mysql' } });
    const client = createMysqlClient({ host: mysql.host, port: mysql.port, user: mysql.user, password: secrets.mysqlPassword, database: mysql.database });
    try {
      const store = createMysqlCatalogStore(client, mysql.table);
      const entries = await store.pull();
      const result = await withQueueDatabase(ctx, (db) => replaceCatalogMirror(db, entries, store.target));
      ctx.say(`Pulled ${result.rows} catalog entries from ${store.target}; ${result.removed} no longer on the website were removed from the mirror.`);
      ctx.emit({ rows: result.rows, removed: result.removed, source: store.target });
      return EXIT.ok;
    } finally {
      await client.close();
    }
  },
};
