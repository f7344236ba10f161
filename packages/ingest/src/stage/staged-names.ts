import path from 'node:path';

/**
 * Names in `data/incoming/<set_id>/`.
 *
 * A staged copy is named by its content: `<sha256>.<ext>`. Two different originals can never
 * clash on a name (the original's `_001` renaming, weak point 17, is gone), the same original
 * staged twice lands on the same name, and a file under a final name whose bytes do not hash to
 * that name is detectably not a complete copy. While copying, bytes go to a temporary
 * `.staging-<pid>-<random>.partial` that carries the writer's pid, so a later run can remove the
 * leftovers of a killed process without touching those of a live one.
 */

const STAGED_NAME = /^([0-9a-f]{64})\.(jpg|png|tif|webp|heic)$/;
const TEMP_NAME = /^\.staging-(\d+)-[0-9a-z]+\.partial$/;

/** The final name of a staged copy. */
export function toStagedName(sha256: string, extension: string): string {
  return `${sha256}${extension}`;
}

/** A fresh temporary name for a copy being written by process `pid`. */
export function toTempName(pid: number, random: string): string {
  return `.staging-${pid}-${random}.partial`;
}

/** The content hash a final staged name promises, or null when `name` is not a final staged name. */
export function parseStagedName(name: string): string | null {
  return STAGED_NAME.exec(name)?.[1] ?? null;
}

/** The writer pid of a temporary name, or null when `name` is not one. */
export function parseTempName(name: string): number | null {
  const pid = TEMP_NAME.exec(name)?.[1];
  return pid === undefined ? null : Number(pid);
}

/** The incoming folder of one set. */
export function toSetIncomingDir(incoming: string, setId: number | string): string {
  return path.join(incoming, String(setId));
}
