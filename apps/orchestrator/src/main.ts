import { runProcess } from './cli/run-process.js';
import { readProcessEnv } from './config/process-env.js';

// The process boundary: the only place that reads argv and exits (SPEC §13). Crash and signal
// handlers are installed by runProcess before any command runs.
await runProcess({
  argv: process.argv.slice(2),
  env: readProcessEnv(),
  cwd: process.cwd(),
  exit: (code) => process.exit(code),
});
