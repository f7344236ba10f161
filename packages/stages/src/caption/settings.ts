import type { ResolvedConfig } from '@proofsheet/core';

/**
 * Caption stage settings. Times are milliseconds so tests can use sub-second values; the config
 * (`caption.*Sec`, SPEC §12) is converted by {@link toCaptionSettings}.
 */
export interface CaptionSettings {
  readonly enabled: boolean;
  readonly hosts: ReadonlyArray<{ readonly url: string; readonly slots: number }>;
  readonly model: string;
  readonly fallbackModel: string | null;
  /** Target keyword count (5–12). */
  readonly keywords: number;
  /** Guardrail attempts per model. */
  readonly maxAttempts: number;
  readonly idleTimeoutMs: number;
  readonly hardTimeoutMs: number;
  /** Timeouts or crashes of one row before it is quarantined. */
  readonly quarantineAfter: number;
  /** How long every host may stay unreachable before the stage stops. */
  readonly unavailableAfterMs: number;
  /** First probe delay when a host goes away; doubles up to `probeMaxMs`. */
  readonly probeInitialMs: number;
  readonly probeMaxMs: number;
  /** Timeout of one probe and of each startup-check call. */
  readonly probeTimeoutMs: number;
  /** Timeout of the startup warm-up (loading the model can take minutes). */
  readonly warmupTimeoutMs: number;
  readonly temperature: number;
  /** `num_predict` cap against runaway output. */
  readonly numPredict: number;
  readonly numCtx: number;
  readonly keepAlive: string;
}

/** Defaults for the settings that have no config key. */
export const CAPTION_DEFAULTS = {
  probeInitialMs: 1000,
  probeMaxMs: 30_000,
  probeTimeoutMs: 5000,
  warmupTimeoutMs: 300_000,
  temperature: 0.2,
  numPredict: 320,
  numCtx: 4096,
  keepAlive: '30m',
} as const;

/**
 * Converts the `caption` config section (seconds) into {@link CaptionSettings} (milliseconds).
 * Probing fits the pause: the first probe comes after at most a tenth of `unavailableAfterSec` and
 * the backoff stops growing at a quarter of it, so a short pause still probes several times.
 */
export function toCaptionSettings(config: ResolvedConfig['caption'], overrides: Partial<CaptionSettings> = {}): CaptionSettings {
  const unavailableAfterMs = config.unavailableAfterSec * 1000;
  return {
    ...CAPTION_DEFAULTS,
    probeInitialMs: Math.min(CAPTION_DEFAULTS.probeInitialMs, unavailableAfterMs / 10),
    probeMaxMs: Math.min(CAPTION_DEFAULTS.probeMaxMs, unavailableAfterMs / 4),
    enabled: config.enabled,
    hosts: config.hosts.map((h) => ({ url: h.url.replace(/\/+$/, ''), slots: h.slots })),
    model: config.model,
    fallbackModel: config.fallbackModel,
    keywords: config.keywords,
    maxAttempts: config.maxAttempts,
    idleTimeoutMs: config.idleTimeoutSec * 1000,
    hardTimeoutMs: config.hardTimeoutSec * 1000,
    quarantineAfter: config.quarantineAfter,
    unavailableAfterMs,
    ...overrides,
  };
}
