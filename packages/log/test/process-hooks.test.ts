import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test } from 'vitest';

const HERE = path.dirname(fileURLToPath(import.meta.url));

test('a command can take over the first SIGINT; the second one flushes and exits 130', async () => {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(HERE, 'fixtures/hooks-child.ts')], { cwd: path.resolve(HERE, '../../..'), stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
  const until = async (text: string) => {
    const deadline = Date.now() + 20_000;
    while (!stdout.includes(text)) {
      if (Date.now() > deadline) throw new Error(`no "${text}" in ${stdout}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  };
  try {
    await until('ready');
    child.kill('SIGINT');
    await until('graceful stop requested');
    child.kill('SIGINT');
    expect(await exited).toBe(130);
    expect(stdout).toBe('ready\ngraceful stop requested\nflushed\n');
  } finally {
    child.kill('SIGKILL');
  }
});
