import { notBuilt } from './lib.js';

export async function runLoadFamily(): Promise<void> {
  notBuilt('load', 'all', 'not built yet');
}
