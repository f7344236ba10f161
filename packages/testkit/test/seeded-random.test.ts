import { expect, it } from 'vitest';
import { createSeededRandom, TEST_SEED_ENV } from '../src/index.js';

const take = (n: number, next: () => number): number[] => Array.from({ length: n }, next);

it('gives the same numbers in [0, 1) for the same seed, and other numbers for another seed', () => {
  const a = createSeededRandom({ fallback: 42, env: {} });
  const b = createSeededRandom({ fallback: 42, env: {} });
  const first = take(100, a.next);
  expect(take(100, b.next)).toEqual(first);
  expect(take(100, createSeededRandom({ fallback: 43, env: {} }).next)).not.toEqual(first);
  expect(first.every((x) => x >= 0 && x < 1)).toBe(true);
  expect(new Set(first).size).toBe(100);
});

it(`takes the seed from ${TEST_SEED_ENV} over the fallback, and says how to replay it`, () => {
  const replayed = createSeededRandom({ fallback: 1, env: { [TEST_SEED_ENV]: '987654' } });
  expect(replayed.seed).toBe(987654);
  expect(replayed.replay).toBe(`${TEST_SEED_ENV}=987654`);
  expect(take(5, replayed.next)).toEqual(take(5, createSeededRandom({ fallback: 987654, env: {} }).next));
  expect(() => createSeededRandom({ env: { [TEST_SEED_ENV]: 'abc' } })).toThrow(`${TEST_SEED_ENV} must be a whole number`);
});

it('picks and reports a fresh seed when none is given, which replays the same numbers', () => {
  const fresh = createSeededRandom({ env: {} });
  expect(take(5, createSeededRandom({ env: { [TEST_SEED_ENV]: String(fresh.seed) } }).next)).toEqual(take(5, fresh.next));
});
