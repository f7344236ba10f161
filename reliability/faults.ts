// Fault matrix: the environment fails under a real run or publish (Ollama down / hanging / crashing /
// answering garbage through the stand-in's scripts; FTP down, slow, dropping connections, remote disk
// full (552); MariaDB down, restarted, lock wait timeout; data/ on a full disk; read-only logs/). Each
// case lets the fault happen, checks the command failed cleanly or coped, removes the fault, finishes
// the work and checks that nothing was lost.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { createMysqlCatalogStore, createMysqlClient, type MysqlClient } from '@proofsheet/publisher';
import { startTestFtpServer, type TestFtpServer, type TestFtpServerOptions } from '../packages/testkit/src/ftp-server.js';
import { hasMariadbBinaries, startPrivateMariadb, type PrivateMariadb } from '../packages/testkit/src/mariadb-instance.js';
import { createOllamaStandIn, type OllamaStandIn, type StandInBehaviour } from '../packages/testkit/src/ollama-stand-in/index.js';
import { closedPort } from '../packages/testkit/src/project.js';
import { assertNothingLost, type RemoteTarget } from './invariants.js';
import { logSinkDiesMidRun } from './log-sink.js';
import { cli, createProject, makePhotos, runCase, Skip, spawnProofsheet, waitFor, workDir } from './lib.js';

const FAMILY = 'faults';
const MODEL = 'qwen2.5vl:7b';

type Row = { id: number; Review_Status: string; stage_done: number; error_code: string | null; Caption: string | null };

async function rows(root: string, env: Record<string, string> = {}): Promise<Row[]> {
  return JSON.parse((await cli(['rows', '--root', root, '--json'], { env, expectCode: 0 })).stdout) as Row[];
}

const tally = (list: readonly Row[]): string => {
  const counts = new Map<string, number>();
  for (const r of list) {
    const key = `${r.Review_Status}${r.error_code ? `/${r.error_code}` : ''}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return [...counts].map(([k, n]) => `${n} ${k}`).join(', ');
};

function setConfig(root: string, patch: Record<string, unknown>): void {
  const file = path.join(root, 'proofsheet.config.json');
  const config = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;
  for (const [key, value] of Object.entries(patch)) config[key] = typeof value === 'object' && value !== null && !Array.isArray(value) ? { ...(config[key] as object), ...value } : value;
  fs.writeFileSync(file, JSON.stringify(config, null, 2));
}

/** Runs until no interrupted run is left (resume after an exit 3), at most `tries` times; returns the last exit code. */
async function runToEnd(root: string, env: Record<string, string> = {}, tries = 3): Promise<number | null> {
  let code: number | null = null;
  for (let i = 0; i < tries; i += 1) {
    const run = await cli([i === 0 ? 'run' : 'resume', '--root', root], { env, timeoutMs: 600_000 });
    code = run.code;
    if (code !== 3) return code;
  }
  return code;
}

export async function runFaultFamily(): Promise<void> {
  const work = workDir('faults');
  const photos = path.join(work, 'photos');
  await makePhotos(photos, 4);
  let counter = 0;
  const newRoot = (): string => path.join(work, `project-${(counter += 1)}`);

  // ---------- Ollama ----------
  await runCase(FAMILY, 'ollama down, then back', async () => {
    const root = newRoot();
    const ollama = await createOllamaStandIn({ models: [{ name: MODEL, parallel: 2 }] });
    try {
      await createProject(root, photos, { caption: { hosts: [{ url: `http://127.0.0.1:${await closedPort()}`, slots: 2 }], unavailableAfterSec: 2 } });
      const run = await cli(['run', '--root', root, '--json'], { timeoutMs: 300_000 });
      if (run.code !== 3) throw new Error(`run with Ollama down exited ${run.code} (expected 3, resumable): ${run.stderr.slice(-300)}`);
      const waiting = await rows(root);
      if (waiting.some((r) => r.Review_Status !== 'Queued')) throw new Error(`rows after the stop: ${tally(waiting)} (expected all Queued)`);
      setConfig(root, { caption: { hosts: [{ url: ollama.url, slots: 2 }] } });
      const resumed = await cli(['resume', '--root', root], { timeoutMs: 300_000 });
      if (resumed.code !== 0) throw new Error(`resume exited ${resumed.code}: ${resumed.stderr.slice(-300)}`);
      const done = await rows(root);
      if (done.some((r) => r.Review_Status !== 'Pending' || !r.Caption)) throw new Error(`rows after resume: ${tally(done)}`);
      await assertNothingLost(root, { sources: [photos] });
      return `run exit 3 with rows Queued; resume: ${tally(done)}`;
    } finally {
      await ollama.close();
    }
  });

  const scripted = async (name: string, behaviour: StandInBehaviour, times: number | undefined, config: Record<string, unknown> = {}): Promise<void> => {
    await runCase(FAMILY, name, async () => {
      const root = newRoot();
      const ollama: OllamaStandIn = await createOllamaStandIn({ models: [{ name: MODEL, parallel: 2 }] });
      try {
        ollama.script({ match: (r) => r.images.length > 0, ...(times !== undefined ? { times } : {}), behaviour });
        await createProject(root, photos, { caption: { hosts: [{ url: ollama.url, slots: 2 }], ...config } });
        const code = await runToEnd(root);
        if (code !== 0 && code !== 1) throw new Error(`run exited ${code} (expected 0 or 1)`);
        const done = await rows(root);
        // Every row leaves the caption stage: captioned, sent to Needs work or quarantined with a code; none stuck in Queued.
        const stuck = done.filter((r) => r.Review_Status === 'Queued');
        if (stuck.length > 0) throw new Error(`${stuck.length} row(s) left Queued: ${tally(done)}`);
        await assertNothingLost(root, { sources: [photos] });
        return `exit ${code}: ${tally(done)}; ${ollama.inferences().length} caption requests`;
      } finally {
        await ollama.close();
      }
    });
  };
  await scripted('ollama hanging (2 requests never answer)', { kind: 'hang' }, 2, { idleTimeoutSec: 2, hardTimeoutSec: 4 });
  await scripted('ollama crashing mid-stream (3 requests)', { kind: 'crash', afterTokens: 3 }, 3);
  await scripted('ollama answering prose instead of JSON (every request)', { kind: 'invalid_json' }, undefined);
  await scripted('ollama answering JSON that breaks the schema (every request)', { kind: 'schema_violation' }, undefined);
  await scripted('ollama HTTP 500 (4 requests)', { kind: 'status', status: 500, error: 'llama runner process has terminated' }, 4);

  // ---------- Local disk and logs ----------
  await runCase(FAMILY, 'data/derived on a full disk (tmpfs 200k)', async () => {
    if (process.getuid?.() !== 0) throw new Skip('mounting a tmpfs needs root');
    const root = newRoot();
    await createProject(root, photos, { caption: { enabled: false } });
    const derived = path.join(root, 'data', 'derived');
    fs.mkdirSync(derived, { recursive: true });
    if (spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=200k', 'tmpfs', derived]).status !== 0) throw new Skip('mount -t tmpfs is not permitted here');
    let run;
    const saved = path.join(work, `derived-saved-${counter}`);
    try {
      run = await cli(['run', '--root', root, '--json'], { timeoutMs: 300_000 });
      // Free the space: keep what was written, drop the small file system.
      fs.cpSync(derived, saved, { recursive: true });
    } finally {
      if (spawnSync('umount', [derived]).status !== 0) spawnSync('umount', ['-l', derived]);
    }
    fs.cpSync(saved, derived, { recursive: true });
    if (run.code !== 3 || !/DISK_FULL/.test(run.stderr)) throw new Error(`run on a full disk exited ${run.code} (expected 3 with DISK_FULL): ${run.stderr.slice(-300)}`);
    if ((await rows(root)).some((r) => r.Review_Status === 'Error')) throw new Error('a full disk was blamed on rows (Error rows)');
    const resumed = await cli(['resume', '--root', root], { timeoutMs: 300_000 });
    if (resumed.code !== 0) throw new Error(`resume exited ${resumed.code}: ${resumed.stderr.slice(-300)}`);
    await assertNothingLost(root, { sources: [photos] });
    return `run exit 3 DISK_FULL; resume: ${tally(await rows(root))}`;
  });

  await runCase(FAMILY, 'read-only logs/', async () => {
    const root = newRoot();
    await createProject(root, photos, { caption: { enabled: false } });
    const logs = path.join(root, 'logs');
    let release: () => void;
    if (spawnSync('chattr', ['+i', logs]).status === 0) release = () => void spawnSync('chattr', ['-i', logs]);
    else if (process.getuid?.() !== 0) {
      fs.chmodSync(logs, 0o555);
      release = () => fs.chmodSync(logs, 0o755);
    } else throw new Skip('cannot make logs/ read-only for root here (chattr +i refused)');
    let run;
    try {
      run = await cli(['run', '--root', root], { timeoutMs: 300_000 });
    } finally {
      release();
    }
    if (run.code === 0) throw new Error('run with a read-only logs/ exited 0 (a silent run without logs)');
    if (!/LOG_SINK_FAILED|logs/.test(run.stderr)) throw new Error(`run exited ${run.code} without naming the log problem: ${run.stderr.slice(-300)}`);
    const before = await rows(root);
    const code = await runToEnd(root);
    if (code !== 0) throw new Error(`run after logs/ is writable again exited ${code}`);
    await assertNothingLost(root, { sources: [photos] });
    return `run exit ${run.code} (${/LOG_SINK_FAILED/.test(run.stderr) ? 'LOG_SINK_FAILED' : 'logs named'}), ${before.length} rows written meanwhile; then ${tally(await rows(root))}`;
  });

  // ---------- Remote publish: FTP and MariaDB ----------
  if (process.getuid?.() !== 0) {
    for (const name of ['ftp down', 'ftp slow', 'ftp dropping connections', 'ftp remote disk full (552)', 'mariadb down', 'mariadb restarted mid-publish', 'mariadb lock wait timeout']) {
      await runCase(FAMILY, name, () => Promise.reject(new Skip('the test FTP server needs root (a throwaway system user)')));
    }
  } else if (!hasMariadbBinaries()) {
    for (const name of ['ftp down', 'ftp slow', 'ftp dropping connections', 'ftp remote disk full (552)', 'mariadb down', 'mariadb restarted mid-publish', 'mariadb lock wait timeout', 'optional MySQL log sink dying mid-run', 'required MySQL log sink dying mid-run']) {
      await runCase(FAMILY, name, () => Promise.reject(new Skip('mariadbd is not installed')));
    }
  } else {
    const mariadb = await startPrivateMariadb();
    const admin = createMysqlClient({ host: mariadb.host, port: mariadb.port, user: 'root', password: null, database: 'mysql' });
    try {
      await remoteCases(work, photos, newRoot, mariadb, admin);
      for (const required of [false, true]) {
        await runCase(FAMILY, `${required ? 'required' : 'optional'} MySQL log sink dying mid-run`, () => logSinkDiesMidRun(newRoot(), photos, mariadb, admin, required));
      }
    } finally {
      await admin.close().catch(() => undefined);
      await mariadb.dispose();
    }
  }
}

interface Remote {
  readonly root: string;
  readonly ftp: TestFtpServer;
  readonly client: MysqlClient;
  readonly target: RemoteTarget;
}

async function remoteCases(work: string, photos: string, newRoot: () => string, mariadb: PrivateMariadb, admin: MysqlClient): Promise<void> {
  let databases = 0;
  /** A project with every row Approved (captions off), publishing to a fresh FTP server and a fresh MySQL database. */
  const setUp = async (ftpOptions: TestFtpServerOptions = {}): Promise<Remote> => {
    const ftp = await startTestFtpServer(ftpOptions);
    const database = `reliability_${(databases += 1)}`;
    await admin.execute(`CREATE DATABASE ${database}`);
    const client = createMysqlClient({ host: mariadb.host, port: mariadb.port, user: 'root', password: null, database });
    const root = newRoot();
    await createProject(root, photos, {
      caption: { enabled: false },
      publish: {
        destination: 'remote', publicUrlBase: 'https://photos.example.org/images',
        ftp: { host: ftp.host, port: ftp.port, user: ftp.user, remoteBase: '/images' },
        mysql: { host: mariadb.host, port: mariadb.port, user: 'root', database },
      },
    });
    await cli(['run', '--root', root], { env: envOf(ftp), expectCode: 0, timeoutMs: 300_000 });
    await cli(['approve', ...(await rows(root)).map((r) => String(r.id)), '--root', root], { expectCode: 0 });
    return { root, ftp, client, target: { query: (sql) => client.query(sql), table: 'photos_info_revamp', ftpRoot: ftp.root, remoteBase: '/images' } };
  };
  const envOf = (ftp: TestFtpServer): Record<string, string> => ({ PROOFSHEET_FTP_PASSWORD: ftp.password });
  const dispose = async (remote: Remote): Promise<void> => {
    await remote.client.close().catch(() => undefined);
    await remote.ftp.dispose();
  };
  /** Publish until nothing is left, then every row Published exactly once. */
  const finish = async (remote: Remote): Promise<string> => {
    const again = await cli(['publish', '--root', remote.root, '--json'], { env: envOf(remote.ftp), timeoutMs: 300_000 });
    if (again.code !== 0) throw new Error(`publish after the fault was removed exited ${again.code}: ${again.stderr.slice(-300)}`);
    const list = await rows(remote.root);
    if (list.some((r) => r.Review_Status !== 'Published')) throw new Error(`not every row published: ${tally(list)}`);
    await assertNothingLost(remote.root, { sources: [photos], remote: remote.target, env: envOf(remote.ftp) });
    return tally(list);
  };
  const publishJson = (stdout: string): { published?: number; failed?: number; rows?: Array<{ error_code: string | null }>; error_code?: string } | null => {
    try {
      return JSON.parse(stdout) as { published?: number; failed?: number; rows?: Array<{ error_code: string | null }>; error_code?: string };
    } catch {
      return null;
    }
  };
  const codes = (stdout: string): string => {
    const json = publishJson(stdout);
    return [...new Set([json?.error_code, ...(json?.rows?.map((r) => r.error_code) ?? [])].filter(Boolean))].join(',');
  };

  await runCase(FAMILY, 'ftp down, then back', async () => {
    const remote = await setUp();
    try {
      await remote.ftp.stop();
      const down = await cli(['publish', '--root', remote.root, '--json'], { env: envOf(remote.ftp), timeoutMs: 300_000 });
      if (down.code === 0) throw new Error('publish with the FTP server down exited 0');
      if ((await rows(remote.root)).some((r) => r.Review_Status === 'Published')) throw new Error('a row became Published with the FTP server down');
      await assertNothingLost(remote.root, { sources: [photos], remote: remote.target, env: envOf(remote.ftp), verify: false });
      await remote.ftp.start();
      return `publish exit ${down.code} ${codes(down.stdout) || oneLineTail(down.stderr)}; then ${await finish(remote)}`;
    } finally {
      await dispose(remote);
    }
  });

  await runCase(FAMILY, 'ftp slow (100 KB/s)', async () => {
    const remote = await setUp({ bandwidthKBps: 100 });
    try {
      return await finish(remote);
    } finally {
      await dispose(remote);
    }
  });

  await runCase(FAMILY, 'ftp dropping connections (3 drops mid-upload)', async () => {
    const remote = await setUp({ bandwidthKBps: 150 });
    try {
      const publish = spawnProofsheet(['publish', '--root', remote.root, '--json'], envOf(remote.ftp));
      let drops = 0;
      for (let i = 0; i < 3; i += 1) {
        await waitFor(() => publish.child.exitCode !== null || listPartial(remote.ftp.root), 'an upload in flight', 60_000).catch(() => undefined);
        if (publish.child.exitCode !== null) break;
        drops += remote.ftp.dropSessions();
        await sleep(700);
      }
      const first = await publish.exited;
      return `publish exit ${first.code} after ${drops} dropped session(s); then ${await finish(remote)}`;
    } finally {
      await dispose(remote);
    }
  });

  await runCase(FAMILY, 'ftp remote disk full (552: quota 2 MB, 1.9 MB already used)', async () => {
    const remote = await setUp({ quotaMB: 2 });
    try {
      // The account is nearly full: the first upload or so fits, then the server refuses to keep files (552).
      const filler = 1_900_000;
      remote.ftp.seed('filler.bin', Buffer.alloc(filler, 7));
      remote.ftp.seed('.ftpquota', `1 ${filler}\n`);
      const full = await cli(['publish', '--root', remote.root, '--json'], { env: envOf(remote.ftp), timeoutMs: 300_000 });
      if (full.code === 0) throw new Error('publish past the FTP quota exited 0');
      // The rows that fitted are published once; the rest wait with a code; nothing half-uploaded stays on the server.
      await assertNothingLost(remote.root, { sources: [photos], remote: remote.target, env: envOf(remote.ftp) });
      const detail = `publish exit ${full.code} ${codes(full.stdout) || oneLineTail(full.stderr)}: ${tally(await rows(remote.root))}`;
      // Free the space (the filler goes, the quota file says what is left), then publish the rest.
      fs.rmSync(path.join(remote.ftp.root, 'filler.bin'));
      const used = (fs.readdirSync(remote.ftp.root, { recursive: true, withFileTypes: true }) as fs.Dirent[]).filter((e) => e.isFile() && e.name !== '.ftpquota');
      remote.ftp.seed('.ftpquota', `${used.length} ${used.reduce((sum, e) => sum + fs.statSync(path.join(e.parentPath, e.name)).size, 0)}\n`);
      return `${detail}; space freed: ${await finish(remote)}`;
    } finally {
      await dispose(remote);
    }
  });

  await runCase(FAMILY, 'mariadb down, then back', async () => {
    const remote = await setUp();
    try {
      await mariadb.kill('SIGKILL');
      let down;
      try {
        down = await cli(['publish', '--root', remote.root, '--json'], { env: envOf(remote.ftp), timeoutMs: 300_000 });
      } finally {
        await mariadb.start();
      }
      if (down.code === 0) throw new Error('publish with MariaDB down exited 0');
      if ((await rows(remote.root)).some((r) => r.Review_Status === 'Published')) throw new Error('a row became Published with MariaDB down');
      return `publish exit ${down.code} ${codes(down.stdout) || oneLineTail(down.stderr)}; then ${await finish(remote)}`;
    } finally {
      await dispose(remote);
    }
  });

  await runCase(FAMILY, 'mariadb restarted mid-publish', async () => {
    const remote = await setUp({ bandwidthKBps: 300 });
    try {
      const publish = spawnProofsheet(['publish', '--root', remote.root, '--json'], envOf(remote.ftp));
      await waitFor(() => publish.child.exitCode !== null || listPartial(remote.ftp.root), 'an upload in flight', 60_000);
      await mariadb.kill('SIGKILL');
      await mariadb.start();
      const first = await publish.exited;
      return `publish exit ${first.code}; then ${await finish(remote)}`;
    } finally {
      await dispose(remote);
    }
  });

  await runCase(FAMILY, 'mariadb lock wait timeout (catalog locked 8 s, innodb_lock_wait_timeout 2)', async () => {
    const remote = await setUp();
    await admin.execute('SET GLOBAL innodb_lock_wait_timeout = 2');
    try {
      await createMysqlCatalogStore(remote.client, 'photos_info_revamp').ensureTable();
      let release!: () => void;
      const released = new Promise<void>((resolve) => (release = resolve));
      let locked!: () => void;
      const holding = new Promise<void>((resolve) => (locked = resolve));
      const hold = remote.client.transaction(async (tx) => {
        await tx.query('SELECT id FROM photos_info_revamp FOR UPDATE');
        locked();
        await released;
      }).catch(() => undefined);
      await holding;
      const timer = setTimeout(release, 8_000);
      const first = await cli(['publish', '--root', remote.root, '--json'], { env: envOf(remote.ftp), timeoutMs: 300_000 });
      clearTimeout(timer);
      release();
      await hold;
      const after = await finish(remote);
      // A lock wait timeout is transient (wait and retry); it is not a problem with the table.
      const reported = `${codes(first.stdout)} ${first.stderr}`;
      if (/MYSQL_SCHEMA/.test(reported)) throw new Error(`a lock wait timeout stopped publish (exit ${first.code}) as MYSQL_SCHEMA, a schema problem, instead of a transient error: ${oneLineTail(first.stderr)} (publish after the lock: ${after})`);
      return `publish exit ${first.code} ${codes(first.stdout)}; then ${after}`;
    } finally {
      await admin.execute('SET GLOBAL innodb_lock_wait_timeout = 50');
      await dispose(remote);
    }
  });
}

function listPartial(dir: string): boolean {
  if (!fs.existsSync(dir)) return false;
  return (fs.readdirSync(dir, { recursive: true, withFileTypes: true }) as fs.Dirent[]).some((e) => e.isFile() && e.name.endsWith('.partial') && fs.statSync(path.join(e.parentPath, e.name)).size > 0);
}

function oneLineTail(text: string): string {
  return text.trim().split('\n').at(-1)?.slice(0, 200) ?? '';
}
