/** A source of the current time, passed in so that ids and timestamps are testable. */
export interface Clock {
  now(): Date;
}

/** The real wall clock. */
export const systemClock: Clock = { now: () => new Date() };

/** A clock frozen at `at` (tests); `advance` moves it forward. */
export function createFixedClock(at: Date): Clock & { advance(ms: number): void } {
  let current = at.getTime();
  return {
    now: () => new Date(current),
    advance: (ms: number) => {
      current += ms;
    },
  };
}
