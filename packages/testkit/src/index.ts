/**
 * @proofsheet/testkit — test-only servers and fixtures. Never imported by product code.
 */
export { createTempDir, snapshotTree, type TempDir } from './temp-dir.js';
export { runProofsheet, PROOFSHEET_BIN, type CliRun, type RunOptions } from './cli.js';
export { test } from './fixtures.js';
export { createSampleProject, readProjectRows, deadPid, closedPort, sha256File, BUNDLED_SAMPLES } from './project.js';
export * from './bad-inputs.js';
export { readSampleCorpus, SAMPLE_CORPUS_SCRIPT, SAMPLE_CORPUS_SETS } from './sample-corpus.js';
export {
  createTestMysqlDatabase, testMysqlServer, toMysqlUrl, TEST_MYSQL_URL_ENV, type TestMysqlDatabase, type TestMysqlServer, type MysqlServerAddress,
} from './mariadb.js';
export { openTestMysqlServer, type OpenedTestMysqlServer } from './mariadb-server.js';
export { startPrivateMariadb, hasMariadbBinaries, type PrivateMariadb } from './mariadb-instance.js';
export { createSeededRandom, TEST_SEED_ENV, type SeededRandom } from './seeded-random.js';
export * from './ollama-stand-in/index.js';
export { startTestFtpServer, ensurePureFtpd, type TestFtpServer, type TestFtpServerOptions } from './ftp-server.js';
export { browserTest } from './browser.js';
export {
  launchChromium, exchangeReviewToken, openReviewPage, expectAccessible, readAccessibilityViolations, saveScreenshot,
  CHROMIUM_PATH, CHROMIUM_ARGS, TEST_VIEWPORT, APP_READY, type BrowserError, type ReviewAddress, type AccessibilityViolation,
} from './chromium.js';
