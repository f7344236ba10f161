import { copyFile, mkdir, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { ProofsheetError } from '@proofsheet/core';
import { getCatalogEntry, upsertLocalCatalogRow, type SqliteDatabase } from '@proofsheet/queue';
import type { CatalogStore, FileStore, PublishDestination } from '../destination/destination.js';

/** Files under `siteDir` (the website's layout), written under a temporary name and renamed into place. */
export function createLocalFileStore(siteDir: string): FileStore {
  return {
    target: siteDir,
    async put(localFile, relativePath) {
      const target = path.join(siteDir, ...relativePath.split('/'));
      const temporary = path.join(path.dirname(target), `.${path.basename(target)}.partial`);
      try {
        await mkdir(path.dirname(target), { recursive: true });
        await copyFile(localFile, temporary);
        const [want, got] = await Promise.all([stat(localFile), stat(temporary)]);
        if (want.size !== got.size) throw new ProofsheetError('DISK_FULL', `copy of ${localFile} is ${got.size} bytes, expected ${want.size}`, { details: { file: target } });
        await rename(temporary, target);
      } catch (error) {
        await rm(temporary, { force: true });
        if (error instanceof ProofsheetError) throw error;
        const code = (error as NodeJS.ErrnoException).code ?? 'EIO';
        throw new ProofsheetError(code === 'ENOSPC' ? 'DISK_FULL' : code === 'ENOENT' ? 'SOURCE_MISSING' : 'PATH_NOT_WRITABLE', `cannot write ${target} (${code})`, {
          cause: error,
          details: { file: target, errno: code },
        });
      }
    },
    async remove(relativePath) {
      const target = path.join(siteDir, ...relativePath.split('/'));
      for (const file of [path.join(path.dirname(target), `.${path.basename(target)}.partial`), target]) {
        try {
          await rm(file, { force: true });
        } catch (error) {
          const code = (error as NodeJS.ErrnoException).code ?? 'EIO';
          throw new ProofsheetError('PATH_NOT_WRITABLE', `cannot remove ${file} (${code})`, { cause: error, details: { file, errno: code } });
        }
      }
    },
    async close() {},
  };
}

/** The local database's `photos_info_revamp` as the website table. */
export function createLocalCatalogStore(db: SqliteDatabase): CatalogStore {
  return {
    target: 'local photos_info_revamp',
    async find(fileName) {
      const entry = getCatalogEntry(db, fileName);
      return entry === null ? null : { id: entry.id, File_Name: entry.File_Name, Original_File_Name: entry.Original_File_Name, content_sha256: (entry.content_sha256 as string | null) ?? null };
    },
    async upsert(values) {
      return upsertLocalCatalogRow(db, values);
    },
    async close() {},
  };
}

/** The `local` destination: files under `data/site/`, catalog rows in the local database (no server needed). */
export function createLocalDestination(input: { siteDir: string; db: SqliteDatabase }): PublishDestination {
  return { name: 'local', files: createLocalFileStore(input.siteDir), catalog: createLocalCatalogStore(input.db) };
}
