import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createSet, insertSetRows, openQueueDatabase, transitionRow, updateRowFields } from '@proofsheet/queue';
import { PROOFSHEET_BIN, runProofsheet, type MysqlServerAddress, type TempDir, type TestFtpServer } from '@proofsheet/testkit';

const SAMPLES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../samples/landscapes');

/** The reviewed text every seeded row carries (non-ASCII on purpose). */
export const REVIEWED = { Caption: 'Montañas del norte bajo la niebla de la mañana.', alt_text: 'Cumbres verdes bajo nubes bajas', Keywords: 'montaña, niebla, Euskadi' };

/** A project whose `publish.destination` is `remote` (the FTP server and a MySQL database), and the env carrying the passwords. */
export async function createRemoteProject(tmp: TempDir, ftp: TestFtpServer, mysql: MysqlServerAddress & { database: string }): Promise<{ root: string; env: Record<string, string> }> {
  const root = tmp.join('project');
  const init = await runProofsheet(['init', '--root', root]);
  if (init.code !== 0) throw new Error(`init failed: ${init.stderr}`);
  const configFile = path.join(root, 'proofsheet.config.json');
  const config = JSON.parse(fs.readFileSync(configFile, 'utf8')) as Record<string, unknown>;
  config.publish = {
    destination: 'remote',
    publicUrlBase: 'https://photos.example.org/images',
    ftp: { host: ftp.host, port: ftp.port, user: ftp.user, remoteBase: '/images' },
    mysql: { host: mysql.host, port: mysql.port, user: mysql.user, database: mysql.database },
  };
  fs.writeFileSync(configFile, JSON.stringify(config, null, 2));
  return { root, env: { PROOFSHEET_FTP_PASSWORD: ftp.password, ...(mysql.password ? { PROOFSHEET_MYSQL_PASSWORD: mysql.password } : {}) } };
}

/** Seeds one Approved row per bundled landscape (real JPEGs as originals); returns ids and names. */
export function seedApprovedRows(root: string, tmp: TempDir, count = 4): Array<{ id: number; File_Name: string }> {
  const db = openQueueDatabase(path.join(root, 'data/proofsheet.db'));
  try {
    const set = createSet(db, { folder: SAMPLES, subject: 'Sierra', location: 'Pais Vasco', category: 'Landscapes' });
    const files = fs.readdirSync(SAMPLES).sort().slice(0, count).map((name) => {
      const target = tmp.join(`incoming/${name}`);
      fs.mkdirSync(path.dirname(target), { recursive: true });
      fs.copyFileSync(path.join(SAMPLES, name), target);
      return target;
    });
    const rows = insertSetRows(db, {
      setId: set.id,
      runId: null,
      rows: files.map((file, i) => ({
        values: { Original_File_Name: path.basename(file), content_sha256: String(i + 1).repeat(64), incoming_path: file, DateTime: '2024:05:01 07:12:00', Folder: 'Landscapes', Subject: 'Sierra', Location: 'Pais Vasco' },
        name: { prefix: 'Sierra_Pais_Vasco_Landscapes_Photography', extension: '.JPG' },
      })),
    });
    for (const row of rows) {
      transitionRow(db, row.id, 'Pending', { kind: 'pipeline' });
      updateRowFields(db, row.id, REVIEWED, { kind: 'operator' });
      transitionRow(db, row.id, 'Approved', { kind: 'operator' });
    }
    return rows;
  } finally {
    db.close();
  }
}

/** Every file under `dir` (dot files included), relative and sorted. */
export function listTree(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return (fs.readdirSync(dir, { recursive: true, withFileTypes: true }) as fs.Dirent[]).filter((e) => e.isFile()).map((e) => path.relative(dir, path.join(e.parentPath, e.name))).sort();
}

/** A `proofsheet publish` process the test can watch and kill. */
export interface PublishProcess {
  readonly child: ChildProcess;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>;
}

/** Starts the real CLI (`proofsheet publish --root <root> --json`) with `env` (parent secrets removed). */
export function spawnPublish(root: string, env: Record<string, string>, extra: string[] = []): PublishProcess {
  const childEnv: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) if (value !== undefined && !/^(PROOFSHEET_|FTP_PASSWORD$|MYSQL_PASSWORD$)/.test(key)) childEnv[key] = value;
  const child = spawn(process.execPath, [PROOFSHEET_BIN, 'publish', '--root', root, '--json', ...extra], { env: { ...childEnv, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>((resolve) => {
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
  return { child, exited };
}

/** Waits until `check` holds (polling every 25 ms), or throws naming `what`. */
export async function waitFor(check: () => boolean | Promise<boolean>, what: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** Whether `logs/publish.log` has a line with every one of `parts`. */
export function publishLogHas(root: string, ...parts: string[]): boolean {
  const file = path.join(root, 'logs/publish.log');
  if (!fs.existsSync(file)) return false;
  return fs.readFileSync(file, 'utf8').split('\n').some((line) => parts.every((part) => line.includes(part)));
}
