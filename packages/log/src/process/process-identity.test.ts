import { spawn } from 'node:child_process';
import fs from 'node:fs';
import { describe, expect, test } from 'vitest';
import { isSameProcessAlive, parseStatStartTicks, readProcessIdentity } from './process-identity.js';

const linux = fs.existsSync('/proc/self/stat');

describe('parseStatStartTicks', () => {
  test('reads field 22, counting from the last parenthesis (command names may hold spaces and parentheses)', () => {
    const rest = 'S 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 424242 20 21';
    expect(parseStatStartTicks(`123 (node) ${rest}`)).toBe(424242);
    expect(parseStatStartTicks(`123 (my (odd) name) ${rest}`)).toBe(424242);
    expect(parseStatStartTicks('garbage')).toBeNull();
    expect(parseStatStartTicks('1 (x) S 1 2')).toBeNull();
  });
});

describe.runIf(linux)('process identity on Linux', () => {
  test('this process has a stable identity; a different start tick or boot is another process', () => {
    const me = readProcessIdentity(process.pid);
    expect(me).not.toBeNull();
    expect(readProcessIdentity(process.pid)).toEqual(me);
    expect(isSameProcessAlive(process.pid, me)).toBe(true);
    expect(isSameProcessAlive(process.pid, { ...me!, startTicks: me!.startTicks + 1 })).toBe(false);
    expect(isSameProcessAlive(process.pid, { ...me!, bootId: 'another-boot' })).toBe(false);
    expect(isSameProcessAlive(process.pid, null)).toBe(true); // nothing recorded: pid liveness decides
  });

  test('a child process has its own identity; once it is gone, nothing can be read', async () => {
    const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)'], { stdio: 'ignore' });
    const pid = child.pid!;
    const identity = readProcessIdentity(pid);
    expect(identity?.bootId).toBe(readProcessIdentity(process.pid)?.bootId);
    expect(isSameProcessAlive(pid, identity)).toBe(true);
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
    expect(readProcessIdentity(pid)).toBeNull();
    expect(isSameProcessAlive(pid, identity)).toBe(false);
  });
});
