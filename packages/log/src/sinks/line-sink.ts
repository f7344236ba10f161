import { ProofsheetError, redactText } from '@proofsheet/core';

/** A destination for finished log lines (a file, a mirror file, …). Writing never throws. */
export interface LineSink {
  readonly name: string;
  /** Writes one finished line (ending in a newline). Failures are counted, never thrown. */
  write(line: string): void;
  /** Releases the sink; later writes are ignored. */
  close(): void;
}

/** Backoff between reconnect attempts of a failed sink. */
export interface RetryPolicy {
  readonly initialMs: number;
  readonly maxMs: number;
}

/** The default backoff: 100 ms doubling to 30 s. */
export const DEFAULT_RETRY: RetryPolicy = { initialMs: 100, maxMs: 30_000 };

/** Tracks when a failed sink may try again (exponential backoff). */
export interface Backoff {
  /** Whether an attempt is allowed now. */
  ready(): boolean;
  /** Records a failed attempt (doubles the delay). */
  failed(): void;
  /** Records a success (resets the delay). */
  reset(): void;
  /** Milliseconds until the next attempt is allowed. */
  delayMs(): number;
}

/** Creates a backoff tracker using the real monotonic time. */
export function createBackoff(policy: RetryPolicy = DEFAULT_RETRY): Backoff {
  let delay = policy.initialMs;
  let next = 0;
  return {
    ready: () => performance.now() >= next,
    failed() {
      next = performance.now() + delay;
      delay = Math.min(policy.maxMs, delay * 2);
    },
    reset() {
      delay = policy.initialMs;
      next = 0;
    },
    delayMs: () => Math.max(0, next - performance.now()),
  };
}

/** The `LOG_SINK_FAILED` error for a sink that cannot open, naming the sink and the reason. */
export function toSinkError(sink: string, target: string, error: unknown, secrets: readonly string[] = []): ProofsheetError {
  const code = (error as { code?: unknown }).code;
  const reason = redactText(error instanceof Error ? error.message : String(error), secrets);
  return new ProofsheetError('LOG_SINK_FAILED', `log sink "${sink}" cannot open ${redactText(target, secrets)}: ${reason}`, {
    cause: error,
    details: { sink, target: redactText(target, secrets), ...(typeof code === 'string' ? { errno: code } : {}) },
  });
}
