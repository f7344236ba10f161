// `npm run reliability [family…]`: runs the reliability families (crash, bad-input, faults, load;
// all by default), prints one line per case, writes reliability/REPORT.md and exits 1 when a case
// failed. Counts come from the environment (see reliability/README.md).
import { cleanUp } from './lib.js';
import { writeReport } from './report.js';

const FAMILIES: Record<string, () => Promise<void>> = {
  crash: async () => (await import('./crash.js')).runCrashFamily(),
  'bad-input': async () => (await import('./bad-input.js')).runBadInputFamily(),
  faults: async () => (await import('./faults.js')).runFaultFamily(),
  load: async () => (await import('./load.js')).runLoadFamily(),
};

const requested = process.argv.slice(2).filter((a) => a !== '--');
const unknown = requested.filter((name) => !(name in FAMILIES));
if (unknown.length > 0) {
  console.error(`unknown famil${unknown.length > 1 ? 'ies' : 'y'} ${unknown.join(', ')}; known: ${Object.keys(FAMILIES).join(', ')}`);
  process.exit(2);
}
const families = requested.length > 0 ? requested : Object.keys(FAMILIES);
const started = new Date();
const failures: string[] = [];
for (const family of families) {
  console.log(`== ${family}`);
  try {
    await FAMILIES[family]!();
  } catch (error) {
    // A family that could not even set up is a failure of the whole harness run.
    failures.push(`${family}: ${error instanceof Error ? error.stack ?? error.message : String(error)}`);
    console.log(`FAIL ${family}/set-up (${error instanceof Error ? error.message : String(error)})`);
  }
}
cleanUp();
const { failed, file } = writeReport({ families, started, setUpFailures: failures });
console.log(`wrote ${file}`);
process.exit(failed > 0 || failures.length > 0 ? 1 : 0);
