import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** A fresh temporary directory, removed by `remove()` (tests use a fixture that calls it). */
export interface TempDir {
  readonly path: string;
  /** Absolute path of `relative` inside the directory. */
  join(...relative: string[]): string;
  /** Writes a file (creating parents) and returns its absolute path. */
  write(relative: string, content: string | Uint8Array): string;
  remove(): void;
}

/** Creates a temporary directory under the OS temp folder. */
export function createTempDir(prefix = 'proofsheet-test-'): TempDir {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  return {
    path: dir,
    join: (...relative) => path.join(dir, ...relative),
    write(relative, content) {
      const target = path.join(dir, relative);
      fs.mkdirSync(path.dirname(target), { recursive: true });
      fs.writeFileSync(target, content);
      return target;
    },
    remove() {
      fs.chmodSync(dir, 0o700);
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * A snapshot of a directory tree (relative path → size, mtime and content of each file; directories
 * by presence only, since SQLite's transient -wal/-shm files touch their folder), to prove nothing changed.
 */
export function snapshotTree(root: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (dir: string): void => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const full = path.join(dir, entry.name);
      const stat = fs.statSync(full);
      const key = path.relative(root, full);
      if (entry.isDirectory()) {
        out[`${key}/`] = 'dir';
        walk(full);
      } else {
        out[key] = `size=${stat.size} mtime=${stat.mtimeMs} sha=${hashFile(full)}`;
      }
    }
  };
  walk(root);
  return out;
}

function hashFile(file: string): string {
  return createHash('sha256').update(fs.readFileSync(file)).digest('hex').slice(0, 16);
}
