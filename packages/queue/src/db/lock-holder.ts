import fs from 'node:fs';

/** A process that holds SQLite's write lock on a database. */
export interface LockHolder {
  readonly pid: number;
  /** Its command line (`/proc/<pid>/cmdline`), or null when it cannot be read. */
  readonly command: string | null;
}

/**
 * Byte ranges SQLite's unix VFS locks for a writer: in WAL mode `WAL_WRITE_LOCK`, byte 120 of the
 * `-shm` file; in rollback-journal mode the RESERVED byte (0x40000001) of the database file.
 */
const WRITER_LOCKS = [
  { suffix: '-shm', start: 120 },
  { suffix: '', start: 0x40000001 },
] as const;

function inodeOf(file: string): number | null {
  try {
    return fs.statSync(file).ino;
  } catch {
    return null;
  }
}

function readCommand(pid: number): string | null {
  try {
    const text = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean).join(' ');
    return text.length > 0 ? text.slice(0, 300) : null;
  } catch {
    return null;
  }
}

/**
 * Finds the process holding the write lock on the SQLite database `file`, from the kernel's table
 * of POSIX locks (`/proc/locks`, Linux). Returns null when no writer holds it or where `/proc` is
 * not available; a caller that knows the database is locked then says only that.
 */
export function findDatabaseWriter(file: string): LockHolder | null {
  let table: string;
  try {
    table = fs.readFileSync('/proc/locks', 'utf8');
  } catch {
    return null;
  }
  for (const lock of WRITER_LOCKS) {
    const inode = inodeOf(file + lock.suffix);
    if (inode === null) continue;
    for (const line of table.split('\n')) {
      // "1: POSIX  ADVISORY  WRITE 1234 00:2e:5678 120 120" (OFD locks show pid -1: not attributable)
      const fields = line.trim().split(/\s+/);
      if (fields.length < 8 || fields[3] !== 'WRITE') continue;
      const [, , , , pidText, device, startText] = fields;
      const pid = Number(pidText);
      if (!(pid > 0) || Number(device?.split(':')[2]) !== inode || Number(startText) !== lock.start) continue;
      return { pid, command: readCommand(pid) };
    }
  }
  return null;
}
