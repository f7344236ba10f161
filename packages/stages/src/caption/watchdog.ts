/** Why a watchdog aborted a request: no tokens for too long, or the whole request took too long. */
export type WatchdogReason = 'idle_timeout' | 'hard_timeout' | 'interrupted';

/** A per-request watchdog (SPEC §7): an abort signal with an idle timer, reset by {@link Watchdog.touch}, and a hard timer. */
export interface Watchdog {
  readonly signal: AbortSignal;
  /** Call on every token: restarts the idle timer. */
  touch(): void;
  /** Clears both timers. */
  dispose(): void;
}

/**
 * Starts a watchdog. The signal aborts with the reason string `idle_timeout` or `hard_timeout`,
 * or `interrupted` when `parent` aborts.
 */
export function createWatchdog(idleMs: number, hardMs: number, parent?: AbortSignal): Watchdog {
  const controller = new AbortController();
  const abort = (reason: WatchdogReason) => {
    if (!controller.signal.aborted) controller.abort(reason);
  };
  let idle = setTimeout(() => abort('idle_timeout'), idleMs);
  const hard = setTimeout(() => abort('hard_timeout'), hardMs);
  const onParent = () => abort('interrupted');
  if (parent?.aborted) onParent();
  parent?.addEventListener('abort', onParent, { once: true });
  return {
    signal: controller.signal,
    touch() {
      if (controller.signal.aborted) return;
      clearTimeout(idle);
      idle = setTimeout(() => abort('idle_timeout'), idleMs);
    },
    dispose() {
      clearTimeout(idle);
      clearTimeout(hard);
      parent?.removeEventListener('abort', onParent);
    },
  };
}
