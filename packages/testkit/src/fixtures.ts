import { test as base } from 'vitest';
import { createTempDir, type TempDir } from './temp-dir.js';

/** vitest `test` with a fresh temporary directory per test, removed afterwards. */
export const test = base.extend<{ tmp: TempDir }>({
  tmp: async ({}, use) => {
    const dir = createTempDir();
    try {
      await use(dir);
    } finally {
      dir.remove();
    }
  },
});
