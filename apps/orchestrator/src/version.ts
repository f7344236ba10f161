import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/** The Proofsheet version, from the orchestrator's package.json. */
export const VERSION: string = (require('../package.json') as { version: string }).version;
