import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Compiles every workspace to dist/ before the tests run (about half a second): tests spawn the
 * real `proofsheet` binary, which runs compiled code only, so an edit to src/ must reach dist/
 * before a test can see it.
 */
export default function setup(): void {
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
  execFileSync(process.execPath, [path.join(root, 'scripts/build.mjs'), '--quiet'], { stdio: 'inherit' });
}
