/** @proofsheet/orchestrator — the `proofsheet` CLI. `runCli` runs one invocation in-process. */
export { runCli, type CliInputs } from './cli/run-cli.js';
export { createMemoryIo, type Io } from './cli/io.js';
export { EXIT, type ExitCode } from './cli/exit-codes.js';
