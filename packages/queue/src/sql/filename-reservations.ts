import { ProofsheetError } from '@proofsheet/core';
import type { SqliteDatabase } from '../db/sqlite.js';
import { runImmediate } from '../db/transaction.js';
import { nowIso } from '../internal/time.js';

/**
 * What a caller asks a name for: everything before the sequence number, and the extension.
 * `{ prefix: 'Grey_Heron_Amsterdam_Birds_Photography_Canon_EOS_R5_2025', extension: '.JPG' }`
 * becomes `Grey_Heron_Amsterdam_Birds_Photography_Canon_EOS_R5_2025_001.JPG` (separator `_` added).
 * The sequence has at least 3 digits; past 999 it simply grows (`_1000`), it never wraps.
 */
export interface NameRequest {
  readonly prefix: string;
  /** With or without the leading dot; kept as given (SPEC: upper-case `.JPG`). */
  readonly extension: string;
}

/** Reservation states (SPEC §5). */
export type ReservationState = 'reserved' | 'committed' | 'released';

/** One `filename_reservations` row. */
export interface Reservation {
  readonly name_key: string;
  readonly name: string;
  readonly prefix_key: string;
  readonly seq: number | null;
  readonly state: ReservationState;
  readonly row_id: number | null;
  readonly run_id: string | null;
  readonly created_at: string;
  readonly updated_at: string;
}

const SEQ_NAME = /^(.*)_(\d{3,})(\.[^._]+)$/u;

/** The case-folded key two names collide on (`Heron_001.JPG` and `heron_001.jpg` are the same name). */
export function toNameKey(name: string): string {
  return name.normalize('NFC').toLowerCase();
}

/** Splits `<prefix>_<seq>.<ext>` into its parts; `seq` is null for a name without a sequence. */
export function parseSequencedName(name: string): { prefix: string; seq: number | null; extension: string } {
  const match = SEQ_NAME.exec(name);
  if (match) return { prefix: match[1] as string, seq: Number(match[2]), extension: match[3] as string };
  const dot = name.lastIndexOf('.');
  return dot > 0 ? { prefix: name.slice(0, dot), seq: null, extension: name.slice(dot) } : { prefix: name, seq: null, extension: '' };
}

function toName(request: NameRequest, seq: number): string {
  const extension = request.extension === '' || request.extension.startsWith('.') ? request.extension : `.${request.extension}`;
  return `${request.prefix}_${String(seq).padStart(3, '0')}${extension}`;
}

/** A LIKE pattern that over-matches the prefix (ASCII is case-insensitive in LIKE; other characters become wildcards). */
function toCatalogPattern(prefix: string): string {
  return `${prefix.replace(/[\\%_]/g, (c) => `\\${c}`).replace(/[^\x20-\x7e]+/g, '%')}\\_%`;
}

function readHighestSeq(db: SqliteDatabase, prefixKey: string, prefix: string): number {
  const reserved = db.prepare('SELECT max(seq) FROM filename_reservations WHERE prefix_key = ?').pluck().get(prefixKey) as number | null;
  const catalogNames = db.prepare("SELECT File_Name FROM photos_info_revamp WHERE File_Name LIKE ? ESCAPE '\\'").pluck().all(toCatalogPattern(prefix)) as string[];
  let highest = reserved ?? 0;
  for (const name of catalogNames) {
    const parsed = parseSequencedName(name);
    if (parsed.seq !== null && toNameKey(parsed.prefix) === prefixKey) highest = Math.max(highest, parsed.seq);
  }
  return highest;
}

/** Whether `key` is held: by a reservation in any state (gaps are never reused) or by the catalog mirror. */
function isKeyUsed(db: SqliteDatabase, key: string): boolean {
  if (db.prepare('SELECT 1 FROM filename_reservations WHERE name_key = ?').get(key)) return true;
  return isInCatalog(db, key);
}

/** Whether the catalog mirror holds the name whose key is `key` (full case fold). */
export function isInCatalog(db: SqliteDatabase, key: string): boolean {
  const names = db.prepare('SELECT File_Name FROM photos_info_revamp WHERE File_Name = ? COLLATE NOCASE').pluck().all(key) as string[];
  if (names.length > 0) return true;
  // NOCASE folds ASCII only; names with other letters are compared with the full case fold.
  if (/^[\x20-\x7e]*$/.test(key)) return false;
  const wide = db.prepare("SELECT File_Name FROM photos_info_revamp WHERE File_Name LIKE ? ESCAPE '\\'").pluck().all(toCatalogPattern(parseSequencedName(key).prefix)) as string[];
  return wide.some((name) => toNameKey(name) === key);
}

function insertReservation(db: SqliteDatabase, name: string, state: ReservationState, rowId: number | null, runId: string | null): void {
  const parsed = parseSequencedName(name);
  const now = nowIso();
  db.prepare(
    `INSERT INTO filename_reservations (name_key, name, prefix_key, seq, state, row_id, run_id, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(toNameKey(name), name, toNameKey(parsed.prefix), parsed.seq, state, rowId, runId, now, now);
}

/**
 * Allocates names inside the caller's transaction: seq = 1 + the highest seq ever used for the
 * prefix (reservations in any state and the catalog mirror, case-insensitively). The highest seq
 * is read once per prefix per allocator, so keep an allocator to one transaction.
 */
export function createNameAllocator(db: SqliteDatabase): (request: NameRequest, rowId: number | null, runId: string | null) => string {
  const highest = new Map<string, number>();
  return (request, rowId, runId) => {
    if (!db.inTransaction) throw new ProofsheetError('INTERNAL', 'filename allocation must run inside a BEGIN IMMEDIATE transaction');
    const prefixKey = toNameKey(request.prefix);
    let seq = (highest.get(prefixKey) ?? readHighestSeq(db, prefixKey, request.prefix)) + 1;
    while (isKeyUsed(db, toNameKey(toName(request, seq)))) seq += 1;
    highest.set(prefixKey, seq);
    const name = toName(request, seq);
    insertReservation(db, name, 'reserved', rowId, runId);
    return name;
  };
}

/**
 * Reserves `count` fresh names for one prefix in one `BEGIN IMMEDIATE` transaction (no rows yet).
 * Two processes calling this at once never receive the same name.
 */
export function reserveFilenames(db: SqliteDatabase, request: NameRequest & { readonly count: number; readonly runId?: string | null }): string[] {
  return runImmediate(db, () => {
    const allocate = createNameAllocator(db);
    return Array.from({ length: request.count }, () => allocate(request, null, request.runId ?? null));
  });
}

/** Sets the state of the reservations held by `rowId` (reject → released, publish → committed). */
export function setRowReservationState(db: SqliteDatabase, rowId: number, state: ReservationState): number {
  return db.prepare("UPDATE filename_reservations SET state = ?, updated_at = ? WHERE row_id = ? AND state <> 'released'").run(state, nowIso(), rowId).changes;
}

/**
 * Makes `name` the reserved name of `rowId` inside the caller's transaction. Refused with
 * `FILENAME_COLLISION` when the catalog has it or another row holds it (reserved or committed);
 * a released name (of this row or one abandoned) may be taken again explicitly.
 */
export function reserveNameForRow(db: SqliteDatabase, rowId: number, name: string, runId: string | null): void {
  const key = toNameKey(name);
  const existing = db.prepare('SELECT * FROM filename_reservations WHERE name_key = ?').get(key) as Reservation | undefined;
  const heldByOther = existing !== undefined && existing.state !== 'released' && existing.row_id !== rowId;
  if (heldByOther || isInCatalog(db, key)) {
    throw new ProofsheetError('FILENAME_COLLISION', `the name ${name} is already taken${heldByOther ? ` (row ${existing.row_id ?? 'none'}, ${existing.state})` : ' (published catalog)'}`, {
      details: { row_id: rowId, name },
    });
  }
  if (existing === undefined) {
    insertReservation(db, name, 'reserved', rowId, runId);
    return;
  }
  db.prepare("UPDATE filename_reservations SET name = ?, state = 'reserved', row_id = ?, run_id = coalesce(?, run_id), updated_at = ? WHERE name_key = ?").run(name, rowId, runId, nowIso(), key);
}

/** Releases every live reservation of `rowId` except `keepKey`. */
export function releaseRowNames(db: SqliteDatabase, rowId: number, keepKey?: string): number {
  return db
    .prepare("UPDATE filename_reservations SET state = 'released', updated_at = ? WHERE row_id = ? AND state = 'reserved' AND name_key <> ?")
    .run(nowIso(), rowId, keepKey ?? '').changes;
}

/** The reservation of `name` (case-insensitive), or null. */
export function getReservation(db: SqliteDatabase, name: string): Reservation | null {
  return (db.prepare('SELECT * FROM filename_reservations WHERE name_key = ?').get(toNameKey(name)) as Reservation | undefined) ?? null;
}

/** Every reservation of `prefix` (case-insensitive), by seq. */
export function listReservations(db: SqliteDatabase, filter: { prefix?: string; rowId?: number } = {}): Reservation[] {
  if (filter.rowId !== undefined) return db.prepare('SELECT * FROM filename_reservations WHERE row_id = ? ORDER BY created_at').all(filter.rowId) as Reservation[];
  if (filter.prefix !== undefined) return db.prepare('SELECT * FROM filename_reservations WHERE prefix_key = ? ORDER BY seq').all(toNameKey(filter.prefix)) as Reservation[];
  return db.prepare('SELECT * FROM filename_reservations ORDER BY prefix_key, seq').all() as Reservation[];
}
