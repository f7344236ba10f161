import type { Clock } from './clock.js';

/** What started a run; part of its id. */
export const RUN_TRIGGERS = ['cli', 'ui', 'resume', 'retry'] as const;
export type RunTrigger = (typeof RUN_TRIGGERS)[number];

const RUN_ID_PATTERN = /^run_(\d{8})_(\d{6})_(cli|ui|resume|retry)(?:_(\d+))?$/;

function pad(value: number, width = 2): string {
  return String(value).padStart(width, '0');
}

/**
 * Builds a run id `run_YYYYMMDD_HHMMSS_<trigger>` (local time, SPEC §2). When `isTaken` reports the
 * id as used (two runs in the same second), a numeric suffix `_2`, `_3`, … is appended.
 */
export function createRunId(trigger: RunTrigger, clock: Clock, isTaken: (id: string) => boolean = () => false): string {
  const t = clock.now();
  const stamp = `${t.getFullYear()}${pad(t.getMonth() + 1)}${pad(t.getDate())}_${pad(t.getHours())}${pad(t.getMinutes())}${pad(t.getSeconds())}`;
  const base = `run_${stamp}_${trigger}`;
  if (!isTaken(base)) return base;
  for (let n = 2; ; n += 1) {
    const candidate = `${base}_${n}`;
    if (!isTaken(candidate)) return candidate;
  }
}

/** The parts of a run id, or `null` when `id` is not one. */
export interface ParsedRunId {
  readonly date: string;
  readonly time: string;
  readonly trigger: RunTrigger;
  readonly suffix: number | null;
}

/** Parses a run id built by {@link createRunId}; returns `null` for anything else. */
export function parseRunId(id: string): ParsedRunId | null {
  const match = RUN_ID_PATTERN.exec(id);
  if (!match) return null;
  const [, date, time, trigger, suffix] = match;
  return {
    date: date as string,
    time: time as string,
    trigger: trigger as RunTrigger,
    suffix: suffix === undefined ? null : Number(suffix),
  };
}

/** Whether `id` is a well-formed run id (safe to use as a directory name). */
export function isRunId(id: string): boolean {
  return RUN_ID_PATTERN.test(id);
}
