#!/usr/bin/env node
// The `proofsheet` binary: registers the TypeScript loader, then hands over to src/main.ts.
import { register } from 'tsx/esm/api';

register();
await import('../src/main.ts');
