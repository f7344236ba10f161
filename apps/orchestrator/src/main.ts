import { toQuickAnswer } from './cli/quick-answer.js';

// The process boundary: the only place that reads argv and exits (SPEC §13). Help and version are
// answered before anything else loads; every other request loads the CLI, whose crash and signal
// handlers runProcess installs before any command runs.
const argv = process.argv.slice(2);
const quick = toQuickAnswer(argv);
if (quick !== null) {
  process.stdout.write(`${quick}\n`);
} else {
  const [{ runProcess }, { readProcessEnv }] = await Promise.all([import('./cli/run-process.js'), import('./config/process-env.js')]);
  await runProcess({ argv, env: readProcessEnv(), cwd: process.cwd(), exit: (code) => process.exit(code) });
}
