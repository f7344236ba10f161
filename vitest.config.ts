import { configDefaults, defineConfig } from 'vitest/config';

const TESTS = ['packages/*/{src,test}/**/*.test.ts', 'apps/*/{src,test}/**/*.test.ts', 'tooling/**/*.test.ts'];

/**
 * The test files that talk to MariaDB. They run in the `mysql` project, whose globalSetup starts a
 * private throwaway server for the run and stops it at the end (only when one of them runs);
 * testkit's testMysqlServer() refuses to work in any other file.
 */
const MYSQL_TESTS = ['packages/publisher/src/mysql/mysql-client.test.ts', 'packages/publisher/src/mysql/mysql-catalog.test.ts', 'apps/orchestrator/test/publish-remote.test.ts', 'apps/orchestrator/test/publish-doctor.test.ts', 'apps/orchestrator/test/verify-remote.test.ts', 'apps/orchestrator/test/triage-mysql.test.ts', 'packages/publisher/test/mysql-log-sink.test.ts', 'tooling/mariadb-harness.test.ts'];

/**
 * The test files that drive real Chromium (apps/<app>/test/ui). They run in the `browser` project,
 * one file at a time: each file starts its own Chromium (a few hundred MB and a busy core while a
 * page renders), and the CI machine has 2 cores that the other projects share.
 */
const BROWSER_TESTS = ['apps/*/test/ui/**/*.test.ts'];

export default defineConfig({
  test: {
    pool: 'forks',
    testTimeout: 30_000,
    hookTimeout: 30_000,
    reporters: ['default', './tooling/count-reporter.ts'],
    globalSetup: ['./tooling/build-global-setup.ts'],
    projects: [
      { extends: true, test: { name: 'unit', include: TESTS, exclude: [...configDefaults.exclude, ...MYSQL_TESTS, ...BROWSER_TESTS] } },
      { extends: true, test: { name: 'browser', include: BROWSER_TESTS, maxWorkers: 1 } },
      { extends: true, test: { name: 'mysql', include: MYSQL_TESTS, globalSetup: ['./tooling/build-global-setup.ts', './tooling/mariadb-global-setup.ts'] } },
    ],
  },
});
