import { readdir } from 'node:fs/promises';
import path from 'node:path';

/** One entry of a set's folder. */
export interface SetFileEntry {
  /** Absolute path. */
  readonly file: string;
  /** The name as the operator sees it (`Original_File_Name`). */
  readonly name: string;
}

/** What listing a set's folder found: files to ingest, and entries skipped with the reason. */
export interface SetFileListing {
  readonly files: readonly SetFileEntry[];
  /** Hidden files (`.DS_Store`, `._IMG_1.JPG`) and sub-folders are skipped, never ingested. */
  readonly skipped: readonly { readonly file: string; readonly reason: 'hidden' | 'directory' | 'not-a-file' }[];
}

/**
 * Lists the files directly inside `folder` (not recursive), sorted by name so that sequence
 * numbers follow the operator's order. An explicit `files` list (relative to the folder or
 * absolute) replaces the listing. Throws the fs error when the folder cannot be read.
 */
export async function listSetFiles(folder: string, files?: readonly string[] | null): Promise<SetFileListing> {
  if (files) {
    const entries = files.map((name) => path.resolve(folder, name)).map((file) => ({ file, name: path.basename(file) }));
    return { files: entries, skipped: [] };
  }
  const dirents = await readdir(folder, { withFileTypes: true });
  const out: SetFileEntry[] = [];
  const skipped: SetFileListing['skipped'][number][] = [];
  for (const dirent of [...dirents].sort((a, b) => compareNames(a.name, b.name))) {
    const file = path.join(folder, dirent.name);
    if (dirent.name.startsWith('.')) skipped.push({ file, reason: 'hidden' });
    else if (dirent.isDirectory()) skipped.push({ file, reason: 'directory' });
    else if (dirent.isFile() || dirent.isSymbolicLink()) out.push({ file, name: dirent.name });
    else skipped.push({ file, reason: 'not-a-file' });
  }
  return { files: out, skipped };
}

const collator = new Intl.Collator('en', { numeric: true, sensitivity: 'base' });

function compareNames(a: string, b: string): number {
  return collator.compare(a, b) || (a < b ? -1 : a > b ? 1 : 0);
}
