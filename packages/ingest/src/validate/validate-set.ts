import { access, constants, stat } from 'node:fs/promises';
import { listSetFiles, type SetFileListing } from '../files/list-set-files.js';
import { sniffImageFile } from '../files/sniff-image.js';
import { toPreviewFilename } from '../naming/build-filename.js';
import { toSlug } from '../naming/slug.js';
import type { NamingOptions } from '../exif/name-file.js';

/** A set as stage 1 sees it. */
export interface SetToValidate {
  /** Shown in messages (`set 3`); the folder is used when absent. */
  readonly label?: string;
  readonly folder: string;
  readonly subject: string;
  readonly location: string;
  readonly category: string;
  /** Explicit file list instead of the whole folder. */
  readonly files?: readonly string[] | null;
}

/** One problem that blocks a set. */
export interface SetIssue {
  readonly set: string;
  readonly field: 'folder' | 'subject' | 'location' | 'category' | 'files' | 'filename';
  readonly message: string;
}

/** Stage 1's verdict on one set: every issue, the files found and how many look like supported images. */
export interface SetValidation {
  readonly issues: readonly SetIssue[];
  readonly listing: SetFileListing;
  readonly imageCount: number;
  readonly previewName: string | null;
}

/**
 * Stage 1 for one set (SPEC §3): the folder exists and is readable, it holds at least one file
 * whose content is a supported image, subject/location/category are non-empty (also after the
 * slug rules), and the preview name fits `naming.maxLength`. Every problem is listed; nothing is
 * written. Problems of single files are not set issues (they become `Error` rows later).
 */
export async function validateSet(set: SetToValidate, naming: NamingOptions, year: number): Promise<SetValidation> {
  const label = set.label ?? set.folder;
  const issues: SetIssue[] = [];
  const issue = (field: SetIssue['field'], message: string): void => void issues.push({ set: label, field, message });
  for (const field of ['subject', 'location', 'category'] as const) {
    if (set[field].trim() === '') issue(field, `${field} is empty`);
    else if (toSlug(set[field]) === '') issue(field, `${field} "${set[field]}" has no letters or digits a filename can use`);
  }
  const listing = await readFolder(set, issue);
  const imageCount = await countImages(listing);
  if (listing.files.length > 0 && imageCount === 0) issue('files', `no supported image (JPEG, PNG, TIFF, WebP, HEIC) among ${listing.files.length} file(s) in ${set.folder}`);
  if (listing.files.length === 0 && !issues.some((i) => i.field === 'folder')) issue('files', `no files in ${set.folder}`);
  let previewName: string | null = null;
  if (!issues.some((i) => i.field === 'subject' || i.field === 'location' || i.field === 'category')) {
    previewName = toPreviewFilename(naming.template, set, year);
    if (previewName.length > naming.maxLength) {
      issue('filename', `filename would be ${previewName.length} characters, over the limit of ${naming.maxLength}: ${previewName}`);
    }
  }
  return { issues, listing, imageCount, previewName };
}

async function readFolder(set: SetToValidate, issue: (field: SetIssue['field'], message: string) => void): Promise<SetFileListing> {
  const empty: SetFileListing = { files: [], skipped: [] };
  try {
    if (!(await stat(set.folder)).isDirectory()) {
      issue('folder', `${set.folder} is not a folder`);
      return empty;
    }
    await access(set.folder, constants.R_OK | constants.X_OK);
    return await listSetFiles(set.folder, set.files);
  } catch (error) {
    const errno = (error as NodeJS.ErrnoException).code ?? 'EIO';
    issue('folder', errno === 'ENOENT' ? `folder ${set.folder} does not exist` : `folder ${set.folder} cannot be read (${errno})`);
    return empty;
  }
}

async function countImages(listing: SetFileListing): Promise<number> {
  let count = 0;
  for (const entry of listing.files) {
    try {
      if ((await sniffImageFile(entry.file)).kind === 'image') count += 1;
    } catch {
      // An unreadable file is a per-file problem (an Error row), not a set issue.
    }
  }
  return count;
}

/** One line per issue, for `SET_INVALID` messages. */
export function formatSetIssues(issues: readonly SetIssue[]): string {
  return issues.map((i) => `  - ${i.set}: ${i.message}`).join('\n');
}
