// Writes proofsheet.schema.json (the JSON Schema of proofsheet.config.json) at the repository root.
// The committed file must equal this output; a test checks it.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { toConfigJsonSchema } from '../src/config/schema.js';

const target = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../proofsheet.schema.json');
fs.writeFileSync(target, `${JSON.stringify(toConfigJsonSchema(), null, 2)}\n`);
process.stdout.write(`wrote ${target}\n`);
