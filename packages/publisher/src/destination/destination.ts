import type { CatalogEntry } from '@proofsheet/queue';

/** What the collision guard needs to know about a catalog entry. */
export interface CatalogIdentity {
  readonly id: number;
  readonly File_Name: string;
  readonly Original_File_Name: string | null;
  readonly content_sha256: string | null;
}

/** The catalog values of one published row (every website column but `id`). */
export type CatalogValues = Omit<CatalogEntry, 'id'>;

/** Where published files go: `data/site/` (local) or the FTP server (remote). */
export interface FileStore {
  /** `local` or `ftp://user@host:port/base` (never a password). */
  readonly target: string;
  /**
   * Puts `localFile` at `relativePath` under the store's base: folders created, written under a
   * temporary name, verified, renamed into place. Idempotent: putting the same file again replaces it.
   */
  put(localFile: string, relativePath: string): Promise<void>;
  /**
   * Removes `relativePath` and its temporary upload name, if there (a missing file is no error);
   * throws when a file is still there afterwards. Used to withdraw the files of a row whose publish
   * could not finish.
   */
  remove(relativePath: string): Promise<void>;
  close(): Promise<void>;
}

/** The website table: the local database's `photos_info_revamp` or MySQL's. */
export interface CatalogStore {
  readonly target: string;
  /** The entry named `fileName` (case-insensitive where the store is), or null. */
  find(fileName: string): Promise<CatalogIdentity | null>;
  /** Inserts or updates (keyed by `File_Name`, one transaction) and returns the entry's id. */
  upsert(values: CatalogValues): Promise<number>;
  close(): Promise<void>;
}

/** A publish destination: a file store and a catalog. */
export interface PublishDestination {
  /** `local` or `ftp+mysql` (recorded on each journal entry). */
  readonly name: 'local' | 'ftp+mysql';
  readonly files: FileStore;
  readonly catalog: CatalogStore;
}
