import { browserTest, type TempDir } from '@proofsheet/testkit';
import { copySeededProject, startReviewServer, type ServerFixture } from '../helpers.js';

/**
 * The browser harness plus `review`: a real review server over a fresh copy of the project that
 * `copyProject` makes under the test's `tmp` (default: the seeded landscapes), closed after the test.
 */
export function reviewBrowserTest(copyProject: (tmp: TempDir) => Promise<string> = copySeededProject) {
  return browserTest.extend<{ review: ServerFixture }>({
    review: async ({ tmp }, use) => {
      const fixture = await startReviewServer(await copyProject(tmp));
      try {
        await use(fixture);
      } finally {
        await fixture.server.close();
      }
    },
  });
}
