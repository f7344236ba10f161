/**
 * @proofsheet/testkit — test-only servers and fixtures. Never imported by product code.
 */
export { createTempDir, snapshotTree, type TempDir } from './temp-dir.js';
export { runProofsheet, PROOFSHEET_BIN, type CliRun, type RunOptions } from './cli.js';
export { test } from './fixtures.js';
export * from './bad-inputs.js';
export { readSampleCorpus, SAMPLE_CORPUS_SCRIPT, SAMPLE_CORPUS_SETS } from './sample-corpus.js';
export { createTestMysqlDatabase, toMysqlUrl, TEST_MYSQL, type TestMysqlDatabase, type MysqlServerAddress } from './mariadb.js';
export { startPrivateMariadb, hasMariadbBinaries, type PrivateMariadb } from './mariadb-instance.js';
export * from './ollama-stand-in/index.js';
