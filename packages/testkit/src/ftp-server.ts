import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

/** How to start the test FTP server. */
export interface TestFtpServerOptions {
  /** Refuse RNFR/RNTO (pure-ftpd `--norename`): a server publishing must refuse to write to. */
  readonly noRename?: boolean;
  /** Per-user bandwidth in KB/s (pure-ftpd `-T`), so a test can catch an upload in flight. */
  readonly bandwidthKBps?: number;
  /** A quota in MB for the user (pure-ftpd `-n`): an upload past it is refused with 552. */
  readonly quotaMB?: number;
  /** Offer explicit FTPS with a self-signed certificate made for this server. */
  readonly tls?: boolean;
}

/**
 * A real pure-ftpd on 127.0.0.1 (stack notes §5), serving a temp folder as the root of a throwaway
 * system user. The test reads and writes `root` directly to see what the server holds.
 */
export interface TestFtpServer {
  readonly host: string;
  readonly port: number;
  readonly user: string;
  readonly password: string;
  /** The local folder the user sees as `/`. */
  readonly root: string;
  /** Writes a file under `root` as the FTP user owns it (folders included), as if uploaded earlier. */
  seed(relativePath: string, content: string | Buffer): void;
  /** Starts the server again after {@link stop} (same port, user and root). */
  start(): Promise<void>;
  /** Stops the server and every session (SIGKILL to its process group). */
  stop(): Promise<void>;
  /** Kills the sessions (connections drop mid-transfer) and keeps the server listening. */
  dropSessions(): number;
  /** Stops the server, removes the user and the temp folder. */
  dispose(): Promise<void>;
}

/** Whether pure-ftpd is installed, installing it with apt when missing and running as root. */
export function ensurePureFtpd(): { ok: true } | { ok: false; reason: string } {
  const has = () => spawnSync('sh', ['-c', 'command -v pure-ftpd || test -x /usr/sbin/pure-ftpd']).status === 0;
  if (has()) return { ok: true };
  if (process.getuid?.() !== 0) return { ok: false, reason: 'pure-ftpd is not installed and installing it needs root' };
  // DPkg::Lock::Timeout: wait for another apt run holding the dpkg lock instead of failing.
  const apt = ['-o', 'DPkg::Lock::Timeout=600'];
  const install = () => spawnSync('apt-get', [...apt, 'install', '-y', 'pure-ftpd'], { encoding: 'utf8', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  if (install().status !== 0) {
    spawnSync('apt-get', [...apt, 'update'], { encoding: 'utf8' });
    const again = install();
    if (again.status !== 0) return { ok: false, reason: `apt-get install pure-ftpd failed: ${again.stderr.slice(-500)}` };
  }
  return has() ? { ok: true } : { ok: false, reason: 'pure-ftpd is still missing after apt-get install' };
}

/** Starts a test FTP server. Needs root (a system user is created); see {@link ensurePureFtpd}. */
export async function startTestFtpServer(options: TestFtpServerOptions = {}): Promise<TestFtpServer> {
  const installed = ensurePureFtpd();
  if (!installed.ok) throw new Error(installed.reason);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'proofsheet-ftp-'));
  fs.chmodSync(dir, 0o755);
  const root = path.join(dir, 'root');
  fs.mkdirSync(root);
  const user = `psftp_${randomBytes(4).toString('hex')}`;
  const password = `Pw-${randomBytes(9).toString('base64url')}`;
  createUser(user, password, root);
  const port = await findFreePort();
  const pasv = 40_000 + Math.floor(Math.random() * 1000) * 20;
  const args = ['-S', `127.0.0.1,${port}`, '-p', `${pasv}:${pasv + 19}`, '-P', '127.0.0.1', '-E', '-A', '-l', 'unix', '-H'];
  if (options.noRename) args.push('-G');
  if (options.bandwidthKBps) args.push('-T', String(options.bandwidthKBps));
  if (options.quotaMB) args.push('-n', `100000:${options.quotaMB}`);
  if (options.tls) args.push('-Y', '1', '-2', makeCertificate(dir));
  let child: ChildProcess | null = null;
  const killGroup = (): void => {
    if (child?.pid) {
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
  };
  const onExit = (): void => {
    killGroup();
    spawnSync('userdel', [user]);
    fs.rmSync(dir, { recursive: true, force: true });
  };
  process.on('exit', onExit);
  const server: TestFtpServer = {
    host: '127.0.0.1',
    port,
    user,
    password,
    root,
    async start() {
      if (child) return;
      const spawned = spawn('pure-ftpd', args, { detached: true, stdio: 'ignore' });
      child = spawned;
      spawned.on('exit', () => {
        if (child === spawned) child = null;
      });
      await waitForPort(port, true);
    },
    async stop() {
      const running = child;
      if (!running?.pid) return;
      const exited = running.exitCode === null ? new Promise<void>((resolve) => running.once('exit', () => resolve())) : Promise.resolve();
      killGroup();
      await exited;
      child = null;
      await waitForGroupGone(running.pid);
    },
    seed(relativePath, content) {
      const target = path.join(root, relativePath);
      fs.mkdirSync(path.dirname(target), { recursive: true });
      fs.writeFileSync(target, content);
      spawnSync('chown', ['-R', user, root]);
    },
    dropSessions() {
      const master = child?.pid;
      if (!master) return 0;
      const sessions = listGroup(master).filter((pid) => pid !== master);
      for (const pid of sessions) process.kill(pid, 'SIGKILL');
      return sessions.length;
    },
    async dispose() {
      await server.stop();
      spawnSync('userdel', [user]);
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

function createUser(user: string, password: string, home: string): void {
  // useradd takes a lock on /etc/passwd; parallel test files may hold it for a moment.
  for (let attempt = 0; ; attempt += 1) {
    const added = spawnSync('useradd', ['-M', '-d', home, '-s', '/bin/sh', user], { encoding: 'utf8' });
    if (added.status === 0) break;
    if (attempt >= 20) throw new Error(`useradd ${user} failed: ${added.stderr}`);
    spawnSync('sleep', ['0.2']);
  }
  const chpasswd = spawnSync('chpasswd', [], { input: `${user}:${password}\n`, encoding: 'utf8' });
  if (chpasswd.status !== 0) {
    spawnSync('userdel', [user]);
    throw new Error(`chpasswd for ${user} failed: ${chpasswd.stderr}`);
  }
  spawnSync('chown', [user, home]);
}

function makeCertificate(dir: string): string {
  const key = path.join(dir, 'key.pem');
  const cert = path.join(dir, 'cert.pem');
  const made = spawnSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert, '-days', '1', '-subj', '/CN=127.0.0.1'], { encoding: 'utf8' });
  if (made.status !== 0) throw new Error(`openssl could not make a test certificate: ${made.stderr}`);
  const pem = path.join(dir, 'pure-ftpd.pem');
  fs.writeFileSync(pem, fs.readFileSync(key, 'utf8') + fs.readFileSync(cert, 'utf8'), { mode: 0o600 });
  return pem;
}

/** The pids whose process group is `group` (the server and its session processes). */
function listGroup(group: number): number[] {
  const pids: number[] = [];
  for (const name of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${name}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(fields[2]) === group && fields[0] !== 'Z') pids.push(Number(name));
    } catch {
      // exited while listing
    }
  }
  return pids;
}

async function waitForGroupGone(group: number, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (listGroup(group).length > 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
}

async function waitForPort(port: number, open: boolean, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const accepted = await new Promise<boolean>((resolve) => {
      const socket = net.connect(port, '127.0.0.1');
      socket.once('connect', () => (socket.destroy(), resolve(true)));
      socket.once('error', () => resolve(false));
    });
    if (accepted === open) return;
    if (Date.now() > deadline) throw new Error(`pure-ftpd on port ${port} did not ${open ? 'start listening' : 'stop'}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
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
