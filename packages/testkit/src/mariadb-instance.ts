import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { createMysqlClient } from '@proofsheet/publisher';
import type { MysqlServerAddress } from './mariadb.js';

/**
 * A private, throwaway `mariadbd` (stack notes §4 option B) on its own datadir and port, for tests
 * that stop the database mid-run: `kill()` stops it, `start()` brings it back on the same datadir
 * and port, `dispose()` stops it and removes everything.
 */
export interface PrivateMariadb extends MysqlServerAddress {
  readonly dir: string;
  /** Starts (or restarts) the server and waits until it answers. */
  start(): Promise<void>;
  /** Stops the server with `signal` (default SIGKILL) and waits for it to exit. */
  kill(signal?: NodeJS.Signals): Promise<void>;
  dispose(): Promise<void>;
}

/** Where Debian installs the server binaries: `mariadbd` is in /usr/sbin, which a user's PATH often lacks. */
const SYSTEM_DIRS = ['/usr/sbin', '/usr/local/sbin', '/sbin', '/usr/bin'];

/** The path of `bin`: from PATH, else from the system folders; null when it is not installed. */
function findBinary(bin: string): string | null {
  const dirs = [...(process.env.PATH ?? '').split(path.delimiter).filter(Boolean), ...SYSTEM_DIRS];
  for (const dir of dirs) {
    const file = path.join(dir, bin);
    try {
      fs.accessSync(file, fs.constants.X_OK);
      return file;
    } catch {
      // not in this folder
    }
  }
  return null;
}

/** Whether `mariadbd` and `mariadb-install-db` are installed (else the harness cannot run). */
export function hasMariadbBinaries(): boolean {
  return findBinary('mariadbd') !== null && findBinary('mariadb-install-db') !== null;
}

/** Initialises a datadir in a temp folder and starts a private server on a free port. */
export async function startPrivateMariadb(): Promise<PrivateMariadb> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'proofsheet-mariadb-'));
  const mariadbd = findBinary('mariadbd');
  const installDb = findBinary('mariadb-install-db');
  if (mariadbd === null || installDb === null) throw new Error('mariadbd and mariadb-install-db are not installed (scripts/ensure-mariadb.sh installs them)');
  const init = spawnSync(installDb, ['--no-defaults', `--datadir=${dir}/data`, '--user=root', '--auth-root-authentication-method=normal', '--skip-test-db'], { encoding: 'utf8' });
  if (init.status !== 0) {
    fs.rmSync(dir, { recursive: true, force: true });
    throw new Error(`mariadb-install-db failed: ${init.stderr || init.error?.message}`);
  }
  const port = await findFreePort();
  let child: ChildProcess | null = null;
  // Should the process end without dispose() (a crash, process.exit), the server and its files go too.
  const onExit = (): void => {
    child?.kill('SIGKILL');
    fs.rmSync(dir, { recursive: true, force: true });
  };
  process.on('exit', onExit);
  const server: PrivateMariadb = {
    host: '127.0.0.1',
    port,
    user: 'root',
    password: '',
    dir,
    async start() {
      if (child) return;
      const args = [
        '--no-defaults', `--datadir=${dir}/data`, '--user=root', '--bind-address=127.0.0.1', `--port=${port}`,
        `--socket=${dir}/mysqld.sock`, `--pid-file=${dir}/mysqld.pid`, '--skip-name-resolve',
        '--innodb-buffer-pool-size=64M', '--innodb-log-file-size=16M', `--log-error=${dir}/err.log`,
      ];
      const spawned = spawn(mariadbd, args, { stdio: 'ignore' });
      child = spawned;
      // A failed start (ENOENT, EACCES) must reach waitUntilReady's error, not crash the test process.
      spawned.on('error', () => {
        if (child === spawned) child = null;
      });
      spawned.on('exit', () => {
        if (child === spawned) child = null;
      });
      await waitUntilReady(port, dir);
    },
    async kill(signal = 'SIGKILL') {
      const running = child;
      if (!running || running.exitCode !== null) return;
      const exited = new Promise<void>((resolve) => running.once('exit', () => resolve()));
      running.kill(signal);
      await exited;
      child = null;
    },
    async dispose() {
      await server.kill('SIGKILL');
      fs.rmSync(dir, { recursive: true, force: true });
      process.off('exit', onExit);
    },
  };
  try {
    await server.start();
  } catch (error) {
    await server.dispose();
    throw error;
  }
  return server;
}

async function waitUntilReady(port: number, dir: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const client = createMysqlClient({ host: '127.0.0.1', port, user: 'root', password: null, database: 'mysql', connectTimeoutMs: 1000 });
    try {
      await client.query('SELECT 1');
      return;
    } catch (error) {
      if (Date.now() > deadline) {
        const log = fs.existsSync(`${dir}/err.log`) ? fs.readFileSync(`${dir}/err.log`, 'utf8').slice(-2000) : '';
        throw new Error(`private mariadbd on port ${port} did not become ready: ${(error as Error).message}\n${log}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    } finally {
      await client.close();
    }
  }
}

function findFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}
