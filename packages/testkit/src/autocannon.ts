import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';

/** The parts of autocannon's `--json` report that the load measurements read. */
export interface AutocannonResult {
  requests: { total: number; average: number };
  latency: { p50: number; p99: number; max: number };
  errors: number;
  timeouts: number;
  non2xx: number;
}

/**
 * Loads `url` with autocannon in a second process (so the load generator never shares the event
 * loop of the server it measures): `rate` requests per second for `seconds`, 8 connections, the
 * review token as Bearer. Resolves with autocannon's JSON report.
 */
export function runAutocannon(url: string, token: string, options: { readonly rate: number; readonly seconds: number }): Promise<AutocannonResult> {
  const bin = createRequire(import.meta.url).resolve('autocannon');
  const args = [bin, '--json', '-R', String(options.rate), '-d', String(options.seconds), '-c', '8', '-H', `authorization=Bearer ${token}`, url];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'ignore'] });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.on('error', reject);
    child.on('close', () => {
      try {
        resolve(JSON.parse(out) as AutocannonResult);
      } catch (error) {
        reject(new Error(`autocannon gave no JSON: ${out.slice(0, 200)}`, { cause: error }));
      }
    });
  });
}
