/**
 * A counting semaphore: at most `limit` holders at once, waiters served first come, first served.
 * Each pipeline stage has one, which is how "bounded concurrency per stage" is enforced.
 */
export interface Limiter {
  readonly limit: number;
  /** Holders right now. */
  readonly active: number;
  /** Callers waiting for a slot. */
  readonly waiting: number;
  /** Runs `task` when a slot is free and releases the slot when it settles. */
  run<T>(task: () => Promise<T>): Promise<T>;
}

/** Creates a {@link Limiter} with `limit` ≥ 1 slots. */
export function createLimiter(limit: number): Limiter {
  if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`limit must be a positive integer, got ${limit}`);
  let active = 0;
  const queue: Array<() => void> = [];
  const release = (): void => {
    const next = queue.shift();
    if (next) next();
    else active -= 1;
  };
  const acquire = (): Promise<void> => {
    if (active < limit) {
      active += 1;
      return Promise.resolve();
    }
    // The slot is handed over directly in release(), so `active` stays constant.
    return new Promise((resolve) => queue.push(resolve));
  };
  return {
    limit,
    get active() {
      return active;
    },
    get waiting() {
      return queue.length;
    },
    async run(task) {
      await acquire();
      try {
        return await task();
      } finally {
        release();
      }
    },
  };
}
