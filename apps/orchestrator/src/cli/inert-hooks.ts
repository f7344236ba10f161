import type { ProcessHooks } from '@proofsheet/log';

/**
 * Process hooks that install no process listeners (for in-process CLI calls such as tests): they
 * keep flushers so `flushAll` still closes what commands opened.
 */
export function createInertHooks(): ProcessHooks {
  const flushers = new Set<(timeoutMs: number) => Promise<void> | void>();
  return {
    addFlusher(flush) {
      flushers.add(flush);
      return () => void flushers.delete(flush);
    },
    onSignal: () => () => undefined,
    setCrashTarget: () => undefined,
    async flushAll(timeoutMs = 3000) {
      await Promise.allSettled([...flushers].map(async (flush) => flush(timeoutMs)));
    },
    dispose: () => undefined,
  };
}
