// vitest globalSetup of the `mysql` project (vitest.config.ts): opens the run's MariaDB, a private
// throwaway instance unless PROOFSHEET_TEST_MYSQL_URL names an existing server, hands it to the test
// files (`inject('proofsheetMysql')`, read by testkit's testMysqlServer()) and stops it when the run
// ends, failed tests included. A server installed on the machine is never started or changed.
import type { TestProject } from 'vitest/node';
// Not the package index: its test fixtures need a running test file, and this runs before any.
import { openTestMysqlServer } from '@proofsheet/testkit/mariadb-server';

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const opened = await openTestMysqlServer(process.env);
  project.provide('proofsheetMysql', opened.server);
  return () => opened.close();
}
