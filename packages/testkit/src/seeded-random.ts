import { randomInt } from 'node:crypto';

/** Replays a randomised test: `PROOFSHEET_TEST_SEED=<seed> npx vitest run <file>`. */
export const TEST_SEED_ENV = 'PROOFSHEET_TEST_SEED';

/** A deterministic random source: the same seed gives the same sequence. */
export interface SeededRandom {
  readonly seed: number;
  /** The next number in [0, 1). */
  next(): number;
  /** How to replay this sequence, e.g. `PROOFSHEET_TEST_SEED=123`, for logs and failure messages. */
  readonly replay: string;
}

/**
 * A seeded generator (mulberry32) for tests that pick random moments or inputs. The seed is
 * `env.PROOFSHEET_TEST_SEED` when set, else `fallback` when given, else a fresh random one; print
 * `replay` so that a failure can be run again with the same numbers.
 */
export function createSeededRandom(options: { fallback?: number; env?: Readonly<Record<string, string | undefined>> } = {}): SeededRandom {
  const fromEnv = (options.env ?? process.env)[TEST_SEED_ENV];
  if (fromEnv !== undefined && !/^\d+$/.test(fromEnv.trim())) throw new Error(`${TEST_SEED_ENV} must be a whole number, got "${fromEnv}"`);
  const seed = fromEnv !== undefined ? Number(fromEnv.trim()) >>> 0 : (options.fallback ?? randomInt(2 ** 31)) >>> 0;
  let state = seed;
  return {
    seed,
    replay: `${TEST_SEED_ENV}=${seed}`,
    next() {
      state = (state + 0x6d2b79f5) >>> 0;
      let t = state;
      t = Math.imul(t ^ (t >>> 15), t | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
    },
  };
}
