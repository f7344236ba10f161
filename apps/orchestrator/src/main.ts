import { runCli } from './cli/run-cli.js';
import { readProcessEnv } from './config/process-env.js';
import { createProcessIo } from './cli/io.js';

// The process boundary: the only place that reads argv and sets the exit code (SPEC §13).
const exitCode = await runCli({
  argv: process.argv.slice(2),
  env: readProcessEnv(),
  cwd: process.cwd(),
  io: createProcessIo(),
});
process.exit(exitCode);
