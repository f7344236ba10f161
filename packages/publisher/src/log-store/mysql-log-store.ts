import { randomUUID } from 'node:crypto';
import { ProofsheetError } from '@proofsheet/core';
import { toSystemLogRow, type LogRecordStore } from '@proofsheet/log';
import { createMysqlClient, type MysqlClient, type MysqlConnectionOptions } from '../mysql/mysql-client.js';

const CREATE_TABLE = `CREATE TABLE IF NOT EXISTS system_logs (
  id BIGINT AUTO_INCREMENT PRIMARY KEY,
  ts VARCHAR(32) NOT NULL,
  level VARCHAR(10) NOT NULL,
  run_id VARCHAR(64) NULL,
  stage VARCHAR(32) NULL,
  row_id VARCHAR(64) NULL,
  file_name VARCHAR(255) NULL,
  event VARCHAR(64) NULL,
  msg TEXT NOT NULL,
  fields LONGTEXT NOT NULL,
  KEY system_logs_run_id (run_id, id)
) DEFAULT CHARSET = utf8mb4`;

const COLUMNS = ['ts', 'level', 'run_id', 'stage', 'row_id', 'file_name', 'event', 'msg', 'fields'] as const;

/**
 * The MySQL/MariaDB implementation of the log core's {@link LogRecordStore}: batches go into
 * `system_logs` (created when missing) with one multi-row INSERT. Failures carry the
 * `MYSQL_CONNECT` / `MYSQL_AUTH` / `MYSQL_SCHEMA` codes of the mysql2 adapter.
 */
export function createMysqlLogStore(connection: MysqlConnectionOptions | string): LogRecordStore {
  const client: MysqlClient = createMysqlClient(typeof connection === 'string' ? connection : { connectTimeoutMs: 3000, ...connection });
  let tableReady = false;
  const ensureTable = async (): Promise<void> => {
    if (tableReady) return;
    await client.execute(CREATE_TABLE);
    tableReady = true;
  };
  return {
    target: `mysql://${client.target}`,
    async selfTest() {
      await ensureTable();
      const token = randomUUID();
      const row = toSystemLogRow({ time: new Date().toISOString(), level: 'info', msg: 'log sink self-test', event: 'sink_self_test', token });
      await client.execute(`INSERT INTO system_logs (${COLUMNS.join(', ')}) VALUES ?`, [[COLUMNS.map((c) => row[c])]]);
      const found = await client.query<{ n: number }>(`SELECT COUNT(*) AS n FROM system_logs WHERE event = 'sink_self_test' AND fields LIKE ?`, [`%${token}%`]);
      if (Number(found[0]?.n) !== 1) throw new ProofsheetError('MYSQL_SCHEMA', `self-test event not read back from ${client.target}`);
    },
    async insertBatch(records) {
      if (records.length === 0) return;
      await ensureTable();
      const rows = records.map((record) => {
        const row = toSystemLogRow(record);
        return COLUMNS.map((c) => row[c]);
      });
      await client.execute(`INSERT INTO system_logs (${COLUMNS.join(', ')}) VALUES ?`, [rows]);
    },
    close: () => client.close(),
  };
}
