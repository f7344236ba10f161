// "Nothing lost" on a project directory, checked after every reliability case: every source file
// accounted for, no duplicate or orphan reservation, staged copies intact, no double publish, every
// catalog row (local, or MySQL + FTP) has its files, logs complete, and `proofsheet verify` exits 0.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { parseStagedName, parseTempName } from '@proofsheet/ingest';
import { openQueueDatabase } from '@proofsheet/queue';
import { cli, oneLine } from './lib.js';

/** A MySQL catalog and the FTP server's folder, for a project whose destination is remote. */
export interface RemoteTarget {
  query<T>(sql: string): Promise<T[]>;
  readonly table: string;
  /** Local folder the FTP user sees as `/`. */
  readonly ftpRoot: string;
  /** `publish.ftp.remoteBase`, e.g. `/images`. */
  readonly remoteBase: string;
}

export interface NothingLostOptions {
  /** Source folders: each visible file must have exactly one row, unless `reported` names it. */
  readonly sources?: readonly string[];
  /** Files accounted for without a row (a duplicate, a skipped file), by absolute path, with the reason reported. */
  readonly reported?: ReadonlyMap<string, string>;
  /** Catalog in MySQL and files on FTP (remote destination); else the local catalog and data/site. */
  readonly remote?: RemoteTarget;
  /** Run `proofsheet verify` (default true). */
  readonly verify?: boolean;
  /** Extra environment for the verify command (passwords). */
  readonly env?: Record<string, string>;
  /** Expect no run or publish job still open (default true; false for checks between kills). */
  readonly settled?: boolean;
}

interface RowRecord { id: number; File_Name: string | null; Review_Status: string; source_path: string | null; error_code: string | null }
interface Reservation { name_key: string; name: string; state: string; row_id: number | null }
interface Job { id: number; row_id: number; File_Name: string; status: string; payload_json: string | null }
interface CatalogRow { id: number; File_Name: string }
interface RunRecord { id: string; status: string; log_dir: string | null }

const sha256 = (file: string): string => createHash('sha256').update(fs.readFileSync(file)).digest('hex');

/** Every problem found, one sentence each; empty when nothing is lost. */
export async function findLostThings(root: string, options: NothingLostOptions = {}): Promise<string[]> {
  const problems: string[] = [];
  const settled = options.settled ?? true;
  const db = openQueueDatabase(path.join(root, 'data', 'proofsheet.db'));
  let rows: RowRecord[], reservations: Reservation[], jobs: Job[], mirror: CatalogRow[], runs: RunRecord[];
  try {
    rows = db.prepare('SELECT id, File_Name, Review_Status, source_path, error_code FROM review_queue').all() as RowRecord[];
    reservations = db.prepare('SELECT name_key, name, state, row_id FROM filename_reservations').all() as Reservation[];
    jobs = db.prepare('SELECT id, row_id, File_Name, status, payload_json FROM publish_jobs').all() as Job[];
    mirror = db.prepare('SELECT id, File_Name FROM photos_info_revamp').all() as CatalogRow[];
    runs = db.prepare('SELECT id, status, log_dir FROM runs').all() as RunRecord[];
  } finally {
    db.close();
  }
  const rowById = new Map(rows.map((r) => [r.id, r]));

  // 1. Every source file accounted for: one row, or a reported reason.
  for (const folder of options.sources ?? []) {
    for (const name of fs.readdirSync(folder)) {
      const file = path.join(folder, name);
      const matching = rows.filter((r) => r.source_path === file);
      if (matching.length > 1) problems.push(`source ${name}: ${matching.length} rows (${matching.map((r) => r.id).join(', ')})`);
      if (matching.length === 0 && !options.reported?.has(file)) problems.push(`source ${name}: no row and no reported reason`);
    }
  }

  // 2. Reservations: one per named row, none without its row, no name handed out twice.
  const keys = new Map<string, number>();
  for (const row of rows) {
    if (!row.File_Name) continue;
    const key = row.File_Name.toLowerCase();
    if (keys.has(key)) problems.push(`File_Name ${row.File_Name} on rows ${keys.get(key)} and ${row.id}`);
    keys.set(key, row.id);
    const own = reservations.filter((r) => r.row_id === row.id && r.state !== 'released');
    if (own.length !== 1 || own[0]!.name_key !== key) problems.push(`row ${row.id} (${row.File_Name}): ${own.length} live reservation(s) ${own.map((r) => r.name).join(', ')}`);
  }
  for (const reservation of reservations) {
    if (reservation.state === 'released') continue;
    const row = reservation.row_id === null ? undefined : rowById.get(reservation.row_id);
    if (!row) problems.push(`reservation ${reservation.name} (${reservation.state}) has no row`);
    else if (row.File_Name?.toLowerCase() !== reservation.name_key) problems.push(`reservation ${reservation.name} points at row ${row.id} named ${row.File_Name}`);
    if (reservation.state === 'committed' && row && row.Review_Status !== 'Published') problems.push(`reservation ${reservation.name} committed but row ${row.id} is ${row.Review_Status}`);
  }

  // 3. Staged copies: every complete file under data/incoming has the content its name says.
  const incoming = path.join(root, 'data', 'incoming');
  for (const setDir of fs.existsSync(incoming) ? fs.readdirSync(incoming) : []) {
    for (const name of fs.readdirSync(path.join(incoming, setDir))) {
      if (parseTempName(name) !== null) {
        if (settled) problems.push(`temporary staging file left: incoming/${setDir}/${name}`);
        continue;
      }
      const expected = parseStagedName(name);
      if (expected !== null && sha256(path.join(incoming, setDir, name)) !== expected) problems.push(`staged copy incoming/${setDir}/${name} does not match its hash`);
    }
  }

  // 4. Publish: each Published row once in the catalog with a done journal job and a committed name; no open job once settled.
  const published = rows.filter((r) => r.Review_Status === 'Published');
  const mirrorNames = new Map<string, number>();
  for (const entry of mirror) mirrorNames.set(entry.File_Name.toLowerCase(), (mirrorNames.get(entry.File_Name.toLowerCase()) ?? 0) + 1);
  for (const [name, count] of mirrorNames) if (count > 1) problems.push(`catalog mirror holds ${name} ${count} times`);
  for (const row of published) {
    if ((mirrorNames.get(row.File_Name!.toLowerCase()) ?? 0) !== 1) problems.push(`published row ${row.id} (${row.File_Name}) is in the catalog mirror ${mirrorNames.get(row.File_Name!.toLowerCase()) ?? 0} times`);
    if (!jobs.some((j) => j.row_id === row.id && j.status === 'done')) problems.push(`published row ${row.id} has no done publish job`);
    if (!reservations.some((r) => r.row_id === row.id && r.state === 'committed')) problems.push(`published row ${row.id}: reservation not committed`);
  }
  // Between kills, a row whose publish job is still open may already be in the catalog (cataloged, not
  // yet marked Published: the step after is idempotent and the next publish finishes it), as its files
  // may already be in place. Only a settled project must have exactly one catalog row per published row.
  const openJobNames = new Set(jobs.filter((j) => j.status !== 'done').map((j) => j.File_Name.toLowerCase()));
  const publishedNames = new Set(published.map((r) => r.File_Name!.toLowerCase()));
  const inFlight = settled ? 0 : mirror.filter((e) => !publishedNames.has(e.File_Name.toLowerCase()) && openJobNames.has(e.File_Name.toLowerCase())).length;
  if (mirror.length - inFlight !== published.length) problems.push(`catalog mirror has ${mirror.length} rows for ${published.length} published rows${inFlight > 0 ? ` (${inFlight} of an open publish job)` : ''}`);
  if (settled) for (const job of jobs.filter((j) => j.status === 'running' || j.status === 'pending')) problems.push(`publish job ${job.id} (row ${job.row_id}) still ${job.status}`);

  // Where each published row's files must be: the journal's layout of its done job.
  const expectedFiles = new Set<string>();
  for (const job of jobs.filter((j) => j.status === 'done' && rowById.get(j.row_id)?.Review_Status === 'Published')) {
    const layout = (JSON.parse(job.payload_json ?? '{}') as { prepared?: { layout?: { webPath?: string; thumbPath?: string } } }).prepared?.layout;
    if (!layout?.webPath || !layout.thumbPath) {
      problems.push(`publish job ${job.id}: no layout in its journal`);
      continue;
    }
    expectedFiles.add(layout.webPath).add(layout.thumbPath);
  }
  const filesRoot = options.remote ? path.join(options.remote.ftpRoot, options.remote.remoteBase) : path.join(root, 'data', 'site');
  const present = new Set(listFiles(filesRoot));
  for (const file of expectedFiles) if (!present.has(file)) problems.push(`published file missing: ${file}`);
  for (const file of present) {
    if (expectedFiles.has(file)) continue;
    // A kill mid-upload leaves its temporary `.<name>.partial`; the next publish overwrites and renames it. Only a settled project must have none.
    if (!settled && /(^|\/)\.[^/]+\.partial$/.test(file)) continue;
    // Between kills, a row whose publish job is still open may already have its files in place (uploaded, not yet cataloged).
    if (!settled && jobs.some((j) => j.status !== 'done' && j.File_Name.toLowerCase() === path.basename(file).toLowerCase())) continue;
    problems.push(`file on the ${options.remote ? 'FTP server' : 'site'} that no published row owns: ${file}`);
  }

  // MySQL: one row per published row, never twice, each with its files (checked above through the journal).
  if (options.remote) {
    const remoteRows = await options.remote.query<CatalogRow>(`SELECT id, File_Name FROM \`${options.remote.table}\``);
    const remoteNames = new Map<string, number>();
    for (const entry of remoteRows) remoteNames.set(entry.File_Name.toLowerCase(), (remoteNames.get(entry.File_Name.toLowerCase()) ?? 0) + 1);
    for (const [name, count] of remoteNames) if (count > 1) problems.push(`MySQL catalog holds ${name} ${count} times`);
    for (const row of published) if (!remoteNames.has(row.File_Name!.toLowerCase())) problems.push(`published row ${row.id} (${row.File_Name}) missing from MySQL`);
    for (const entry of remoteRows) {
      const name = entry.File_Name.toLowerCase();
      if (publishedNames.has(name) || (!settled && openJobNames.has(name))) continue;
      problems.push(`MySQL row ${entry.id} (${entry.File_Name}) belongs to no published row`);
    }
  }

  // 5. Logs complete: every finished run logged its end; every published row its publish; no crash report.
  for (const run of runs) {
    if (run.status === 'running') {
      if (settled) problems.push(`run ${run.id} still marked running`);
      continue;
    }
    const runLog = path.join(run.log_dir ?? path.join(root, 'logs', 'runs', run.id), 'run.log');
    if (!fs.existsSync(runLog)) problems.push(`run ${run.id} (${run.status}): no run.log`);
    else if (run.status === 'completed' && !fs.readFileSync(runLog, 'utf8').includes(`run finished run_id=${run.id}`)) problems.push(`run ${run.id} completed but its run.log has no "run finished" line`);
  }
  const publishLog = path.join(root, 'logs', 'publish.log');
  const publishText = fs.existsSync(publishLog) ? fs.readFileSync(publishLog, 'utf8') : '';
  for (const row of published) if (!new RegExp(`row published .*row_id=${row.id}\\b`).test(publishText)) problems.push(`publish.log has no "row published" line for row ${row.id}`);
  if (fs.existsSync(path.join(root, 'logs', 'crash.log'))) problems.push(`logs/crash.log exists: ${oneLine(fs.readFileSync(path.join(root, 'logs', 'crash.log'), 'utf8')).slice(0, 200)}`);

  // 6. The product's own post-run check.
  if (options.verify ?? true) {
    const verify = await cli(['verify', '--root', root, '--json'], { ...(options.env ? { env: options.env } : {}) });
    if (verify.code !== 0) {
      let failed = '';
      try {
        failed = (JSON.parse(verify.stdout) as { checks: Array<{ ok: boolean; name: string; File_Name: string | null; evidence: string }> }).checks.filter((c) => !c.ok).map((c) => `${c.name} ${c.File_Name ?? ''}: ${c.evidence}`).join('; ');
      } catch {
        failed = oneLine(verify.stderr);
      }
      problems.push(`proofsheet verify exited ${verify.code}: ${failed}`);
    }
  }
  return problems;
}

/** {@link findLostThings}, throwing with every problem when there is one. */
export async function assertNothingLost(root: string, options: NothingLostOptions = {}): Promise<void> {
  const problems = await findLostThings(root, options);
  if (problems.length > 0) throw new Error(`nothing-lost check failed: ${problems.slice(0, 8).join('; ')}${problems.length > 8 ? ` (+${problems.length - 8} more)` : ''}`);
}

function listFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return (fs.readdirSync(dir, { recursive: true, withFileTypes: true }) as fs.Dirent[]).filter((e) => e.isFile()).map((e) => path.relative(dir, path.join(e.parentPath, e.name))).sort();
}
