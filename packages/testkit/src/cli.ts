import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Absolute path of the `proofsheet` binary in this repository. */
export const PROOFSHEET_BIN = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../apps/orchestrator/bin/proofsheet.mjs');

/** What a finished CLI process left behind. */
export interface CliRun {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

export interface RunOptions {
  readonly cwd?: string;
  /** Extra environment variables; the parent's PROOFSHEET_* and secret variables are removed first. */
  readonly env?: Record<string, string>;
  readonly timeoutMs?: number;
}

/**
 * Runs the real `proofsheet` binary as a child process (end-to-end: argv parsing, env reading
 * and exit codes are all exercised) and resolves when it exits.
 */
export function runProofsheet(args: readonly string[], options: RunOptions = {}): Promise<CliRun> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (value !== undefined && !/^(PROOFSHEET_|OLLAMA_HOST$|FTP_PASSWORD$|MYSQL_PASSWORD$)/.test(key)) env[key] = value;
  }
  Object.assign(env, options.env);
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [PROOFSHEET_BIN, ...args], { cwd: options.cwd ?? process.cwd(), env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 20_000);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
  });
}
