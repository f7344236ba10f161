import { stat } from 'node:fs/promises';
import { CATALOG_COLUMNS, getCatalogEntry, type PublishedRowRecord, type SqliteDatabase } from '@proofsheet/queue';
import { toCatalogValues } from '../engine/catalog-values.js';
import { toSiteLayout, type SiteLayout } from '../engine/site-layout.js';
import type { UrlAnswer } from './url-check.js';
import type { VerifyTarget } from './verify-target.js';

/** One line of the checklist (SPEC §13 `verify --json`). */
export interface VerifyCheck {
  readonly name: string;
  readonly ok: boolean;
  readonly row_id: number | null;
  readonly File_Name: string | null;
  readonly evidence: string;
  /** The command (or manual step) that fixes a problem; null when ok. */
  readonly fix: string | null;
}

/** The reviewed and derived fields the catalog row must carry as the queue row says. */
const CATALOG_FIELDS = ['File_Name', 'Folder', 'Path', 'Thumb_Path', 'Caption', 'alt_text', 'Keywords', 'Location', 'Original_File_Name', 'content_sha256'] as const;

/** Options of {@link verifyPublishedRows}. */
export interface VerifyPublishedInput {
  readonly db: SqliteDatabase;
  readonly records: readonly PublishedRowRecord[];
  readonly target: VerifyTarget;
  readonly publicUrlBase: string;
  /** The answers to the public URLs (`--urls`), keyed by URL; absent: URLs are not checked. */
  readonly checkUrls?: (urls: readonly string[]) => Promise<Map<string, UrlAnswer>>;
}

interface PreparedFile {
  readonly file: string;
  readonly width: number;
  readonly height: number;
}

interface Prepared {
  readonly web?: PreparedFile;
  readonly thumb?: PreparedFile;
  readonly layout?: SiteLayout;
}

/** A value as compared between stores: null, or its string form (numbers without trailing zeros). */
function norm(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number' || typeof value === 'bigint') return String(Number(value));
  if (typeof value === 'string' && value.trim() !== '' && /^-?\d+(\.\d+)?$/.test(value.trim())) return String(Number(value));
  return String(value);
}

/** The fields of `want` that `got` holds differently, as `field: got ≠ want`. */
function diff(want: Record<string, unknown>, got: Record<string, unknown>, fields: readonly string[]): string[] {
  return fields.filter((f) => norm(want[f]) !== norm(got[f])).map((f) => `${f}: ${JSON.stringify(norm(got[f]))} ≠ ${JSON.stringify(norm(want[f]))}`);
}

async function sizeOf(file: string | undefined): Promise<number | null> {
  if (!file) return null;
  return (await stat(file).catch(() => null))?.size ?? null;
}

/** The command that publishes the row again under the same name (files, catalog row and mirror). */
export const toRepublishFix = (rowId: number): string => `proofsheet publish --row ${rowId} --force`;

function toStateFix(record: PublishedRowRecord): string {
  const id = record.row.id;
  if (record.openJob !== null || (record.markedForRepublish && record.doneJob !== null)) return `proofsheet publish --row ${id}`;
  if (record.doneJob === null) return toRepublishFix(id);
  return `the reservation of row ${id} is not committed: back up the database, then set filename_reservations.state = 'committed' for its File_Name by hand`;
}

/**
 * The checklist of the published rows in `records`: the catalog row (reviewed fields equal the
 * queue row's), both files with their prepared size, the local mirror equal to the remote row
 * (remote), queue status, reservation and journal in agreement, and with `checkUrls` the public
 * URLs answering 200 `image/*`. Each problem names its evidence and its fix.
 */
export async function verifyPublishedRows(input: VerifyPublishedInput): Promise<VerifyCheck[]> {
  const checks: VerifyCheck[] = [];
  const urlRows: Array<{ rowId: number; fileName: string; kind: 'web' | 'thumb'; url: string }> = [];
  for (const record of input.records) {
    const { row } = record;
    const fileName = row.File_Name ?? '';
    const add = (name: string, problems: readonly string[], okEvidence: string, fix: string = toRepublishFix(row.id)): void => {
      const ok = problems.length === 0;
      checks.push({ name, ok, row_id: row.id, File_Name: fileName, evidence: ok ? okEvidence : problems.join('; '), fix: ok ? null : fix });
    };
    const prepared = (record.doneJob?.payload.prepared as Prepared | undefined) ?? {};
    const finished = String((record.doneJob as { finished_at?: string | null } | null)?.finished_at ?? '');
    const layout = prepared.layout ?? toSiteLayout({ fileName, category: row.Folder, dateTime: row.DateTime, publicUrlBase: input.publicUrlBase, fallbackYear: Number(finished.slice(0, 4)) || new Date().getFullYear() });

    const state: string[] = [];
    if (record.doneJob === null) state.push('the publish journal has no finished job for this row');
    if (record.openJob !== null) state.push(`publish job ${record.openJob.id} is still ${record.openJob.status} at step ${record.openJob.step}`);
    if (record.reservationState !== 'committed') state.push(`the reservation of ${fileName} is ${record.reservationState ?? 'missing'}, not committed`);
    if (record.markedForRepublish) state.push('edited since it was published (marked for re-publish)');
    add('publish_state', state, `Published, reservation committed, journal job ${record.doneJob?.id ?? ''} done`, toStateFix(record));

    const want = { ...toCatalogValues(row, layout, { width: prepared.web?.width ?? 0, height: prepared.web?.height ?? 0 }) } as Record<string, unknown>;
    const remote = await input.target.readCatalogRow(fileName);
    add('catalog_row', remote === null ? [`no catalog row named ${fileName} in ${input.target.target}`] : diff(want, remote, CATALOG_FIELDS), `catalog id ${String(remote?.id ?? '')} matches the queue row`);

    // Without a remote row the catalog_row problem says it all (its fix restores the mirror too).
    if (input.target.kind === 'remote' && remote !== null) {
      const mirror = getCatalogEntry(input.db, fileName);
      const problems = mirror === null ? ['no local mirror row'] : diff(remote, mirror, CATALOG_COLUMNS);
      add('mirror_row', problems.map((p) => (p.includes(':') ? `local mirror ${p}` : p)), 'local mirror equals the remote row');
    }

    for (const kind of ['web', 'thumb'] as const) {
      const relative = kind === 'web' ? layout.webPath : layout.thumbPath;
      const [got, expected] = await Promise.all([input.target.fileSize(relative), sizeOf(prepared[kind]?.file)]);
      const problems = got === null ? [`${relative} is missing on the destination`] : got === 0 ? [`${relative} is empty`] : expected !== null && got !== expected ? [`${relative} is ${got} bytes, expected ${expected}`] : [];
      add(`${kind}_file`, problems, `${relative} ${got ?? 0} bytes`);
      urlRows.push({ rowId: row.id, fileName, kind, url: kind === 'web' ? layout.webUrl : layout.thumbUrl });
    }
  }
  if (input.checkUrls) {
    const answers = await input.checkUrls(urlRows.map((u) => u.url));
    for (const u of urlRows) {
      const answer = answers.get(u.url) ?? { ok: false, evidence: 'not checked' };
      checks.push({ name: `${u.kind}_url`, ok: answer.ok, row_id: u.rowId, File_Name: u.fileName, evidence: `${u.url}: ${answer.evidence}`, fix: answer.ok ? null : toRepublishFix(u.rowId) });
    }
  }
  const dirs = [...new Set(input.records.flatMap((r) => {
    const p = (r.doneJob?.payload.prepared as Prepared | undefined)?.layout;
    return p ? [p.webPath, p.thumbPath].map((f) => f.slice(0, f.lastIndexOf('/'))) : [];
  }))];
  for (const file of await input.target.listTemporaryFiles(dirs)) {
    checks.push({ name: 'leftover_file', ok: false, row_id: null, File_Name: null, evidence: `temporary upload ${file} on the destination`, fix: `remove ${file} from the destination by hand (no row references it)` });
  }
  return checks;
}
