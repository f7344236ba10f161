import { TEXT_RULES, toTextWords } from '@proofsheet/core';
import { getCatalogEntry, getReservation, type ReviewRow, type SqliteDatabase } from '@proofsheet/queue';
import { isDifferentPhoto } from '../engine/publish-job.js';
import { findTextOverLimits, toPublishText, type TextOverLimit } from './publish-text.js';

/** One thing that would go wrong (`error`: publish refuses the row) or look wrong (`warning`) on the website. */
export interface PublishCheck {
  /** The row column to fix (`alt_text`, `Caption`, `Keywords`, `Subject`, `Location`, `File_Name`; `copyright` for the configured notice). */
  readonly field: string;
  readonly severity: 'error' | 'warning';
  readonly code: 'ALT_TEXT_MISSING' | 'ALT_TEXT_TOO_LONG' | 'IPTC_TOO_LONG' | 'KEYWORDS_TOO_FEW' | 'KEYWORDS_TOO_MANY' | 'FILE_NAME_TAKEN' | 'FILE_NAME_ON_SITE';
  readonly message: string;
}

/** The row columns the checks read. */
export type PublishCheckRow = Pick<ReviewRow, 'id' | 'File_Name' | 'Caption' | 'alt_text' | 'Keywords' | 'Subject' | 'Location' | 'content_sha256' | 'Original_File_Name'>;

/** What the checks need besides the row. */
export interface PublishCheckContext {
  /** The configured copyright notice (`publish.copyright`), embedded like the row's text. */
  readonly copyright: string | null;
  /** Another row holding the reservation of the row's `File_Name`, if any. */
  readonly nameHolder: { readonly row_id: number; readonly state: string } | null;
  /** The local catalog mirror's entry of the row's `File_Name` when it is another photo. */
  readonly siteEntry: { readonly id: number | null; readonly Original_File_Name: string | null } | null;
}

/** The row column each IPTC value is built from (see {@link toPublishText}). */
const IPTC_FIELD: Readonly<Record<TextOverLimit['field'], string>> = { caption: 'Caption', keyword: 'Keywords', title: 'Subject', headline: 'Subject', location: 'Location', copyright: 'copyright' };

const IPTC_NAME: Readonly<Record<TextOverLimit['field'], string>> = {
  caption: 'Caption-Abstract', keyword: 'Keywords', title: 'ObjectName', headline: 'Headline', location: 'Sub-location', copyright: 'CopyrightNotice',
};

function checkText(row: PublishCheckRow, copyright: string | null): PublishCheck[] {
  const checks: PublishCheck[] = [];
  const text = toPublishText(row, copyright);
  const altWords = toTextWords(text.altText).length;
  if (text.altText === '') checks.push({ field: 'alt_text', severity: 'error', code: 'ALT_TEXT_MISSING', message: 'no alt text: the website would show the image without a description for screen readers' });
  else if (altWords > TEXT_RULES.altTextWords.max) {
    checks.push({ field: 'alt_text', severity: 'warning', code: 'ALT_TEXT_TOO_LONG', message: `alt text has ${altWords} words; at most ${TEXT_RULES.altTextWords.max}` });
  }
  for (const over of findTextOverLimits(text)) {
    const what = over.field === 'keyword' ? `keyword "${over.value}"` : IPTC_NAME[over.field];
    checks.push({ field: IPTC_FIELD[over.field], severity: 'error', code: 'IPTC_TOO_LONG', message: `${what} is ${over.bytes} bytes; IPTC ${IPTC_NAME[over.field]} keeps at most ${over.limit} (publish refuses the row)` });
  }
  const count = text.keywords.length;
  const { min, max } = TEXT_RULES.keywords;
  if (count < min) checks.push({ field: 'Keywords', severity: 'warning', code: 'KEYWORDS_TOO_FEW', message: `${count} keyword${count === 1 ? '' : 's'}; ${min} to ${max} expected` });
  if (count > max) checks.push({ field: 'Keywords', severity: 'warning', code: 'KEYWORDS_TOO_MANY', message: `${count} keywords; ${min} to ${max} expected` });
  return checks;
}

/**
 * What would go wrong on the website if `row` were approved and published now (pure): alt text
 * missing (error) or over the SPEC §7 word limit (warning), any value over its IPTC byte limit
 * (error: the publisher refuses it with `PUBLISH_TEXT_TOO_LONG`), a keyword count outside SPEC §7's
 * range (warning), its `File_Name` reserved by another row or on the website for another photo
 * (error).
 */
export function toPublishChecks(row: PublishCheckRow, context: PublishCheckContext): PublishCheck[] {
  const checks = checkText(row, context.copyright);
  if (context.nameHolder !== null) {
    checks.push({
      field: 'File_Name', severity: 'error', code: 'FILE_NAME_TAKEN',
      message: `${row.File_Name ?? ''} is reserved by row ${context.nameHolder.row_id} (${context.nameHolder.state}); choose another file name`,
    });
  }
  if (context.siteEntry !== null) {
    checks.push({
      field: 'File_Name', severity: 'error', code: 'FILE_NAME_ON_SITE',
      message: `${row.File_Name ?? ''} is already on the website (catalog id ${context.siteEntry.id ?? '?'}) for another photo (${context.siteEntry.Original_File_Name ?? 'unknown original'}); choose another file name`,
    });
  }
  return checks;
}

/** {@link toPublishChecks} for a row of the queue: its name's reservation and the catalog mirror are read from `db`. */
export function readPublishChecks(db: SqliteDatabase, row: PublishCheckRow, options: { readonly copyright: string | null }): PublishCheck[] {
  const reservation = row.File_Name ? getReservation(db, row.File_Name) : null;
  const nameHolder = reservation !== null && reservation.row_id !== null && reservation.row_id !== row.id ? { row_id: reservation.row_id, state: reservation.state } : null;
  const found = row.File_Name ? getCatalogEntry(db, row.File_Name) : null;
  const entry = found === null ? null : { id: found.id, File_Name: found.File_Name, Original_File_Name: found.Original_File_Name ?? null, content_sha256: typeof found.content_sha256 === 'string' ? found.content_sha256 : null };
  const siteEntry = entry !== null && isDifferentPhoto(entry, row) ? { id: entry.id, Original_File_Name: entry.Original_File_Name } : null;
  return toPublishChecks(row, { copyright: options.copyright, nameHolder, siteEntry });
}
