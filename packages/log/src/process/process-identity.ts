import fs from 'node:fs';

/**
 * Which process a pid stood for: its start time in clock ticks since boot (`/proc/<pid>/stat`
 * field 22) and the boot it belongs to (`/proc/sys/kernel/random/boot_id`). A pid can be reused
 * by another process; the pair cannot (within one boot, two processes never share a pid and a
 * start tick; across boots the boot id differs).
 */
export interface ProcessIdentity {
  readonly startTicks: number;
  readonly bootId: string;
}

const PROC = '/proc';

/** Whether `pid` is a live process on this machine (signal 0: EPERM still means alive). */
export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * The start tick of a `/proc/<pid>/stat` line, or null when it is not one. The command name
 * (field 2) is in parentheses and may itself hold spaces and parentheses, so fields are counted
 * from the last `)`: field 3 (state) is the first after it, field 22 (starttime) the 20th.
 */
export function parseStatStartTicks(stat: string): number | null {
  const close = stat.lastIndexOf(')');
  if (close < 0) return null;
  const field = stat.slice(close + 1).trim().split(/\s+/)[19];
  return field !== undefined && /^\d+$/.test(field) ? Number(field) : null;
}

function readText(file: string): string | null {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return null;
  }
}

/**
 * The identity of live process `pid`, or null where it cannot be read: no `/proc` (not Linux),
 * the process is gone, or its stat line is not understood. Callers then fall back to pid liveness.
 */
export function readProcessIdentity(pid: number): ProcessIdentity | null {
  const bootId = readText(`${PROC}/sys/kernel/random/boot_id`)?.trim();
  const stat = readText(`${PROC}/${pid}/stat`);
  if (!bootId || stat === null) return null;
  const startTicks = parseStatStartTicks(stat);
  return startTicks === null ? null : { startTicks, bootId };
}

/**
 * Whether the process that `pid` + `recorded` described is still running on this machine: the
 * pid is alive and, where both the recorded and the current identity are known, it is the same
 * process (same boot, same start tick). Without a recorded identity (not Linux, an older run) or
 * when the current one cannot be read, a live pid counts as the process (the best we can tell).
 */
export function isSameProcessAlive(pid: number, recorded: ProcessIdentity | null, alive: (pid: number) => boolean = isProcessAlive): boolean {
  if (!alive(pid)) return false;
  if (recorded === null) return true;
  const current = readProcessIdentity(pid);
  if (current === null) return true;
  return current.bootId === recorded.bootId && current.startTicks === recorded.startTicks;
}
