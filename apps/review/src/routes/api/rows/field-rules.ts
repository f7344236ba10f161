import { toQcStatus } from '@proofsheet/core';
import { findTextOverLimits, toKeywordList, toPublishText } from '@proofsheet/publisher';
import type { ReviewRow, ReviewRowValues, RowEdit } from '@proofsheet/queue';
import type { RowPatchBody } from './schemas.js';

/** One field that breaks a rule, and the rule. */
export interface FieldIssue {
  readonly field: string;
  readonly message: string;
}

/** Most keywords a row may carry. */
export const MAX_KEYWORDS = 50;

const FILE_NAME = /^[A-Za-z0-9][A-Za-z0-9_-]{0,145}\.JPG$/;
const KEYWORD = /^[\p{L}\p{N}][\p{L}\p{M}\p{N} '&.\-]*$/u;
// Control characters other than line breaks and tabs: never part of a caption or a name.
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F\u2028\u2029]/u;
const ONE_LINE = /[\r\n\t]/;

/** Which row fields each IPTC value is built from (publisher's `toPublishText`). */
const IPTC_SOURCES = {
  caption: ['Caption'],
  keyword: ['Keywords'],
  title: ['Subject'],
  headline: ['Subject', 'Location'],
  location: ['Location'],
  copyright: [],
} as const satisfies Record<string, ReadonlyArray<keyof RowPatchBody>>;

/** The text fields of a patch (everything but `version`, `File_Name` and `QR`). */
const TEXT_FIELDS = ['Caption', 'alt_text', 'Keywords', 'Subject', 'Location', 'Folder'] as const;

/**
 * Checks a reviewer's edit against the field rules and lists every problem: file name charset
 * (letters, digits, `_`, `-`, ending `.JPG`, ≤ 150), no control characters (single-line fields:
 * no line breaks), non-empty subject, location and category, at most {@link MAX_KEYWORDS}
 * keywords made of letters, digits, spaces and `' & . -`, and the IPTC byte limits the publisher
 * enforces (checked on the row as it would be after the edit, so it never fails later at publish).
 */
export function checkRowPatch(row: ReviewRow, patch: RowPatchBody): FieldIssue[] {
  const issues: FieldIssue[] = [];
  if (patch.File_Name !== undefined && !FILE_NAME.test(patch.File_Name)) {
    issues.push({ field: 'File_Name', message: 'use letters, digits, "_" and "-", ending in ".JPG" (at most 150 characters)' });
  }
  for (const field of TEXT_FIELDS) {
    const value = patch[field];
    if (value === undefined) continue;
    if (CONTROL.test(value)) issues.push({ field, message: 'contains control characters' });
    else if (field !== 'Caption' && field !== 'alt_text' && ONE_LINE.test(value)) issues.push({ field, message: 'must be one line' });
    if ((field === 'Subject' || field === 'Location' || field === 'Folder') && value.trim() === '') issues.push({ field, message: 'must not be empty' });
  }
  if (patch.Keywords !== undefined) issues.push(...checkKeywords(patch.Keywords));
  if (issues.length > 0) return issues;
  const after = { ...row, ...toRowEdit(patch).fields } as ReviewRow;
  for (const over of findTextOverLimits(toPublishText(after, null))) {
    // Only limits the edit can have broken: an untouched field is not the reviewer's doing.
    if (!IPTC_SOURCES[over.field].some((field) => patch[field] !== undefined)) continue;
    issues.push({ field: over.field, message: `${over.bytes} bytes; IPTC keeps at most ${over.limit}${over.field === 'keyword' ? ` (keyword "${over.value}")` : ''}` });
  }
  return issues;
}

function checkKeywords(keywords: string): FieldIssue[] {
  const list = toKeywordList(keywords);
  const issues: FieldIssue[] = [];
  if (list.length > MAX_KEYWORDS) issues.push({ field: 'Keywords', message: `${list.length} keywords; at most ${MAX_KEYWORDS}` });
  const bad = list.filter((k) => !KEYWORD.test(k));
  if (bad.length > 0) issues.push({ field: 'Keywords', message: `keywords may hold letters, digits, spaces and ' & . - only: ${bad.slice(0, 5).map((k) => JSON.stringify(k.slice(0, 40))).join(', ')}` });
  return issues;
}

/** The queue edit for a checked patch: text fields trimmed, `QC_Status` following an edited `QR`. */
export function toRowEdit(patch: RowPatchBody): RowEdit {
  const fields: Record<string, unknown> = {};
  for (const field of TEXT_FIELDS) if (patch[field] !== undefined) fields[field] = (patch[field] as string).trim();
  if (patch.QR !== undefined) {
    fields.QR = patch.QR;
    fields.QC_Status = toQcStatus(patch.QR);
  }
  return { fields: fields as ReviewRowValues, ...(patch.File_Name !== undefined ? { fileName: patch.File_Name } : {}) };
}
