#!/usr/bin/env node
// The `proofsheet` binary: runs the compiled CLI (dist/, made by `npm run build`, which `npm ci`
// runs through the root `prepare` script). No TypeScript is compiled at start-up.
import { existsSync } from 'node:fs';

const main = new URL('../dist/main.js', import.meta.url);
if (!existsSync(main)) {
  process.stderr.write('error [NOT_BUILT]: the proofsheet CLI is not compiled yet; run "npm run build" (npm ci does it)\n');
  process.exit(2);
}
await import(main.href);
