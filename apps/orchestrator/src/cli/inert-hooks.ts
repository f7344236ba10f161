import { toCrashText, writeCrashRecord, type CrashTarget, type ProcessHooks } from '@proofsheet/log';

/**
 * Process hooks that install no process listeners (for in-process CLI calls such as tests): they
 * keep flushers so `flushAll` still closes what commands opened, and record internal errors in
 * `logs/crash.log` like the real ones.
 */
export function createInertHooks(): ProcessHooks {
  const flushers = new Set<(timeoutMs: number) => Promise<void> | void>();
  let target: CrashTarget | null = null;
  return {
    addFlusher(flush) {
      flushers.add(flush);
      return () => void flushers.delete(flush);
    },
    onSignal: () => () => undefined,
    setCrashTarget: (next) => void (target = next),
    recordCrash: (error, origin) => (target ? writeCrashRecord(target, toCrashText(error, origin, target.secrets)) : null),
    async flushAll(timeoutMs = 3000) {
      await Promise.allSettled([...flushers].map(async (flush) => flush(timeoutMs)));
    },
    dispose: () => undefined,
  };
}
