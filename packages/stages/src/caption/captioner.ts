import { systemClock, type Clock } from '@proofsheet/core';
import { captionOneRow } from './caption-row.js';
import { createExistingTexts } from './guardrails.js';
import { HostPool } from './host-pool.js';
import { createOllamaHostClient } from './ollama-client.js';
import type { CaptionSettings } from './settings.js';
import { probeHost, warmUp, type HostCheck } from './startup-check.js';
import type { CaptionLog, CaptionOutcome, CaptionProgressListener, CaptionRowInput, ExistingTexts } from './types.js';

/** What the caption stage gets from its caller. */
export interface CaptionerDeps {
  readonly log?: CaptionLog;
  readonly clock?: Clock;
  /** Captions/alt texts already in the queue; accepted texts are added to it. Default: empty. */
  readonly existingTexts?: ExistingTexts;
}

/** The result of {@link Captioner.startupCheck}. */
export interface StartupReport {
  /** Whether the stage can run: some host is reachable and has the primary model. */
  readonly ok: boolean;
  /** `Ollama startup check: host=… model=… processor=… context=… vram=…`, one per usable host. */
  readonly lines: readonly string[];
  /** When not ok: the notice for the run log (names the host and, for a missing model, `ollama pull`). */
  readonly notice: string | undefined;
  /** Problems on single hosts (warnings when others are usable). */
  readonly warnings: readonly string[];
  readonly hosts: readonly HostCheck[];
}

/** The caption stage (SPEC §7). */
export interface Captioner {
  readonly settings: CaptionSettings;
  /** Probes every host, warms up the primary model and reports the startup line, or why the stage must be skipped. */
  startupCheck(): Promise<StartupReport>;
  /**
   * Captions one row; never throws for Ollama trouble (see {@link CaptionOutcome}); rejects only for
   * a bug (exit 70). `onProgress` hears each request, answer, retry and fallback as it happens.
   */
  captionRow(input: CaptionRowInput, signal?: AbortSignal, onProgress?: CaptionProgressListener): Promise<CaptionOutcome>;
  /** Stops probing timers. */
  close(): void;
}

const NOOP_LOG: CaptionLog = { info() {}, warn() {} };

/** Creates the caption stage for `settings` (see `toCaptionSettings`). */
export function createCaptioner(settings: CaptionSettings, deps: CaptionerDeps = {}): Captioner {
  const log = deps.log ?? NOOP_LOG;
  const clock = deps.clock ?? systemClock;
  const existing = deps.existingTexts ?? createExistingTexts();
  const pool = new HostPool(settings.hosts.map((h) => ({ url: h.url, slots: h.slots, client: createOllamaHostClient(h.url) })), settings, log);
  const rowDeps = { settings, pool, existing, log, clock };

  async function startupCheck(): Promise<StartupReport> {
    if (!settings.enabled) return { ok: false, lines: [], notice: 'Caption prefill is switched off: rows go to Pending with caption_skipped', warnings: [], hosts: [] };
    const hosts = await Promise.all(pool.hosts.map((h) => probeHost(h.client, settings)));
    const lines: string[] = [];
    const warnings: string[] = [];
    for (const [i, check] of hosts.entries()) {
      const host = pool.hosts[i]!;
      if (check.reachable) host.installed = new Set(check.installed);
      if (check.problem) warnings.push(check.problem);
      for (const m of check.models.filter((c) => c.installed && c.vision === false)) {
        // A text-only model would answer blind (era A) or refuse images (era B): never route captions to it.
        pool.markModelMissing(host, m.name, 'model_not_vision');
        warnings.push(`model ${m.name} on ${check.url} has no vision capability; configure a vision model`);
      }
      if (!check.reachable || !pool.offers(host, settings.model)) continue;
      const warm = await warmUp(host.client, settings);
      lines.push(warm.line);
      log.info({ host: check.url, model: settings.model, line: warm.line }, 'ollama_startup_check');
      if (warm.problem) warnings.push(warm.problem);
    }
    const ok = lines.length > 0;
    const notice = ok ? undefined : `Caption prefill skipped for this run: ${warnings.join('; ')}. Rows stay Queued; a later run or resume captions them.`;
    if (notice) log.warn({ hosts: hosts.map((h) => h.url), notice }, 'caption_stage_skipped');
    for (const warning of ok ? warnings : []) log.warn({ warning }, 'ollama_host_problem');
    return { ok, lines, notice, warnings, hosts };
  }

  async function captionRow(input: CaptionRowInput, signal?: AbortSignal, onProgress?: CaptionProgressListener): Promise<CaptionOutcome> {
    if (!settings.enabled) return { kind: 'skipped', reason: 'caption_skipped' };
    if (pool.stopped) return { kind: 'deferred', reason: pool.stopped, attempts: [] };
    const t0 = performance.now();
    const outcome = await captionOneRow(rowDeps, input, signal, onProgress);
    const attempts = 'attempts' in outcome ? outcome.attempts.length : 'value' in outcome ? outcome.value.attempts.length : 0;
    log.info({ row_id: input.id, stage: 'caption', outcome: outcome.kind, attempts, duration_ms: Math.round(performance.now() - t0) }, 'row_stage_finished');
    return outcome;
  }

  return { settings, startupCheck, captionRow, close: () => pool.dispose() };
}

/** Probes every configured host without loading anything (for `proofsheet doctor`). */
export async function probeOllamaHosts(settings: CaptionSettings): Promise<HostCheck[]> {
  return Promise.all(settings.hosts.map((h) => probeHost(createOllamaHostClient(h.url), settings)));
}
