/**
 * @proofsheet/publisher — publish destinations (SPEC §11). This slice holds the mysql2 adapter
 * (the only importer of mysql2) and the MySQL store of the database log sink; the publish engine,
 * FTP and local destinations follow.
 */
export { createMysqlClient, parseMysqlUrl, toMysqlError, type MysqlClient, type MysqlConnectionOptions, type MysqlWriteResult } from './mysql/mysql-client.js';
export { createMysqlLogStore } from './log-store/mysql-log-store.js';
