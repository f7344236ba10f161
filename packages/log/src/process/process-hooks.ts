import { toCrashText, writeCrashRecord, type CrashTarget } from './crash-log.js';

/** Signals whose behaviour a command may take over (the runner uses SIGINT for a graceful stop). */
export type HookSignal = 'SIGINT' | 'SIGTERM';

/** Exit codes the hooks use: 70 internal error (crash), 128 + signal number for signals. */
export const HOOK_EXIT = { crash: 70, SIGINT: 130, SIGTERM: 143 } as const;

/** The process-level logging hooks, installed once by the CLI boundary. */
export interface ProcessHooks {
  /** Registers work to run before the process exits (bounded by a timeout). Returns the remover. */
  addFlusher(flush: (timeoutMs: number) => Promise<void> | void): () => void;
  /**
   * Takes over the first `signal` (e.g. the runner stops claiming rows and winds down). A second
   * delivery of the same signal falls back to the default: flush, then exit 130/143.
   */
  onSignal(signal: HookSignal, handler: () => void): () => void;
  /** Where crashes are recorded (`logs/crash.log`) and which secrets to mask in them. */
  setCrashTarget(target: CrashTarget): void;
  /**
   * Writes the crash record of an error that ends the process without crashing it (an internal
   * error caught at the CLI boundary, exit 70). Returns the file written, or null (no target yet,
   * or it could not be written).
   */
  recordCrash(error: unknown, origin: string): string | null;
  /** Runs every flusher, waiting at most `timeoutMs` in all. Never throws. */
  flushAll(timeoutMs?: number): Promise<void>;
  /** Removes the listeners (tests, nested use). */
  dispose(): void;
}

/** Options for {@link installProcessHooks}. */
export interface ProcessHooksOptions {
  /** The process boundary's exit (only `main.ts` may call `process.exit`). */
  readonly exit: (code: number) => void;
  /** Writes raw text to standard error. */
  readonly stderr: (text: string) => void;
  readonly flushTimeoutMs?: number;
}

/**
 * Installs the crash and signal handlers. An uncaught exception or unhandled rejection is written
 * synchronously to `logs/crash.log` with its stack (and to stderr), then the flushers run and the
 * process exits 70. SIGTERM flushes and exits 143, SIGINT 130, unless a command took the signal over.
 */
export function installProcessHooks(options: ProcessHooksOptions): ProcessHooks {
  const flushers = new Set<(timeoutMs: number) => Promise<void> | void>();
  const signalHandlers = new Map<HookSignal, () => void>();
  const delivered = new Set<HookSignal>();
  const timeoutMs = options.flushTimeoutMs ?? 3000;
  let target: CrashTarget | null = null;
  let ending = false;

  const flushAll = async (limit = timeoutMs): Promise<void> => {
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<void>((resolve) => (timer = setTimeout(resolve, limit)));
    const work = Promise.allSettled([...flushers].map(async (flush) => flush(limit)));
    await Promise.race([work, deadline]).finally(() => clearTimeout(timer));
  };
  const end = (code: number): void => {
    if (ending) return options.exit(code);
    ending = true;
    void flushAll().finally(() => options.exit(code));
  };
  const onCrash = (error: unknown, origin: string): void => {
    const text = toCrashText(error, origin, target?.secrets ?? []);
    const file = target ? writeCrashRecord(target, text) : null;
    options.stderr(`${text}${file ? `crash recorded in ${file}\n` : ''}`);
    end(HOOK_EXIT.crash);
  };
  const recordCrash = (error: unknown, origin: string): string | null => (target ? writeCrashRecord(target, toCrashText(error, origin, target.secrets)) : null);
  const onUncaught = (error: Error, origin: string): void => onCrash(error, origin);
  const onRejection = (reason: unknown): void => onCrash(reason, 'unhandledRejection');
  const onSignalReceived = (signal: HookSignal): void => {
    const handler = signalHandlers.get(signal);
    if (handler && !delivered.has(signal)) {
      delivered.add(signal);
      return handler();
    }
    end(HOOK_EXIT[signal]);
  };
  const onSigint = (): void => onSignalReceived('SIGINT');
  const onSigterm = (): void => onSignalReceived('SIGTERM');
  process.on('uncaughtException', onUncaught);
  process.on('unhandledRejection', onRejection);
  process.on('SIGINT', onSigint);
  process.on('SIGTERM', onSigterm);

  return {
    addFlusher(flush) {
      flushers.add(flush);
      return () => void flushers.delete(flush);
    },
    onSignal(signal, handler) {
      signalHandlers.set(signal, handler);
      return () => {
        if (signalHandlers.get(signal) === handler) signalHandlers.delete(signal);
      };
    },
    setCrashTarget: (next) => void (target = next),
    recordCrash,
    flushAll,
    dispose() {
      process.off('uncaughtException', onUncaught);
      process.off('unhandledRejection', onRejection);
      process.off('SIGINT', onSigint);
      process.off('SIGTERM', onSigterm);
    },
  };
}
