import { ProofsheetError } from '@proofsheet/core';
import type { OllamaHostClient } from './ollama-client.js';
import { isRecognisedFailure } from './recognised-failure.js';
import { toCanonicalModel } from './model-name.js';
import type { CaptionLog } from './types.js';

/** Timing of the pool's availability handling, in milliseconds (sub-second values are fine). */
export interface PoolTiming {
  readonly probeInitialMs: number;
  readonly probeMaxMs: number;
  readonly probeTimeoutMs: number;
  readonly unavailableAfterMs: number;
}

/** One host as the pool tracks it. */
export interface PoolHost {
  readonly url: string;
  readonly slots: number;
  readonly client: OllamaHostClient;
  busy: number;
  up: boolean;
  /** Installed models (canonical names) when known from `/api/tags`; undefined = not checked. */
  installed: Set<string> | undefined;
  readonly missing: Set<string>;
  lastUsed: number;
}

/** A slot on one host, held for one request. */
export interface Lease {
  readonly host: PoolHost;
  release(): void;
}

interface Waiter {
  readonly model: string;
  resolve(lease: Lease): void;
  reject(error: unknown): void;
}

/** One probe of an unreachable host (for logs and tests: delays grow with backoff). */
export interface ProbeRecord {
  readonly host: string;
  readonly attempt: number;
  readonly delay_ms: number;
  readonly ok: boolean;
}

/**
 * Spreads requests over hosts by health and free slots: a request waits for a free slot on a host
 * that is up and has the model, choosing the host with the most free slots. A host that fails is
 * probed with exponential backoff; when every host has been down for `unavailableAfterMs`, the pool
 * stops and every waiting or later request is refused with OLLAMA_UNREACHABLE (`reason: stopped`).
 * A bug in that background work (probing, stopping) is not an outage: every waiting and later
 * request fails with it, so that it reaches the caller and stops the run.
 */
export class HostPool {
  readonly hosts: PoolHost[];
  readonly probes: ProbeRecord[] = [];
  private readonly waiters: Waiter[] = [];
  private readonly probing = new Set<PoolHost>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private unavailableTimer: NodeJS.Timeout | undefined;
  private stopMessage: string | undefined;
  private fault: { readonly error: unknown } | undefined;
  private tick = 0;

  constructor(hosts: ReadonlyArray<{ url: string; slots: number; client: OllamaHostClient }>, private readonly timing: PoolTiming, private readonly log: CaptionLog) {
    this.hosts = hosts.map((h) => ({ ...h, busy: 0, up: true, installed: undefined, missing: new Set(), lastUsed: 0 }));
  }

  /** Sum of all hosts' slots: the concurrency the stage runs with. */
  get totalSlots(): number {
    return this.hosts.reduce((sum, h) => sum + h.slots, 0);
  }

  /** Why the pool stopped, or undefined while it runs. */
  get stopped(): string | undefined {
    return this.stopMessage;
  }

  /** Whether some host (up or down) may have `model`. */
  hasModel(model: string): boolean {
    return this.hosts.some((h) => this.offers(h, model));
  }

  /** Whether `host` may serve `model` (installed when known, not found missing or unusable). */
  offers(host: PoolHost, model: string): boolean {
    const name = toCanonicalModel(model);
    return !host.missing.has(name) && (host.installed === undefined || host.installed.has(name));
  }

  /** Waits for a free slot for `model`; rejects when the pool stops, no host has the model, or `signal` aborts. */
  acquire(model: string, signal?: AbortSignal): Promise<Lease> {
    if (this.fault) return Promise.reject(this.fault.error);
    if (this.stopMessage) return Promise.reject(this.stoppedError());
    if (!this.hasModel(model)) return Promise.reject(this.missingError(model));
    return new Promise<Lease>((resolve, reject) => {
      const onAbort = () => {
        const i = this.waiters.indexOf(waiter);
        if (i >= 0) this.waiters.splice(i, 1);
        reject(new ProofsheetError('INTERRUPTED', 'caption request cancelled while waiting for a slot', { details: { reason: 'interrupted' } }));
      };
      const waiter: Waiter = {
        model,
        resolve: (lease) => {
          signal?.removeEventListener('abort', onAbort);
          resolve(lease);
        },
        reject: (error: unknown) => {
          signal?.removeEventListener('abort', onAbort);
          reject(error);
        },
      };
      if (signal?.aborted) return onAbort();
      signal?.addEventListener('abort', onAbort, { once: true });
      this.waiters.push(waiter);
      this.pump();
    });
  }

  private pump(): void {
    for (let i = 0; i < this.waiters.length; i++) {
      const waiter = this.waiters[i]!;
      const free = this.hosts.filter((h) => h.up && h.busy < h.slots && this.offers(h, waiter.model));
      if (free.length === 0) continue;
      const host = free.sort((a, b) => b.slots - b.busy - (a.slots - a.busy) || a.lastUsed - b.lastUsed)[0]!;
      this.waiters.splice(i--, 1);
      host.busy += 1;
      host.lastUsed = ++this.tick;
      let released = false;
      waiter.resolve({ host, release: () => {
        if (released) return;
        released = true;
        host.busy -= 1;
        this.pump();
      } });
    }
  }

  /** Marks a host down (unreachable) and starts probing it with backoff. */
  markDown(host: PoolHost, reason: string): void {
    if (!host.up || this.stopMessage) return;
    host.up = false;
    this.log.warn({ host: host.url, reason }, 'ollama_host_down');
    this.probeLoop(host).catch((error: unknown) => this.fail(error));
    if (this.hosts.every((h) => !h.up) && this.unavailableTimer === undefined) {
      this.log.warn({ hosts: this.hosts.map((h) => h.url), unavailable_after_ms: this.timing.unavailableAfterMs }, 'ollama_unavailable_pausing');
      this.unavailableTimer = setTimeout(() => {
        try {
          this.stop(this.toUnavailableMessage());
        } catch (error) {
          this.fail(error);
        }
      }, this.timing.unavailableAfterMs);
    }
  }

  /** Why a model was found unusable (missing or not a vision model), by canonical name. */
  private readonly unusable = new Map<string, string>();

  /** The last reason `model` was found unusable on some host, if any. */
  whyUnusable(model: string): string | undefined {
    return this.unusable.get(toCanonicalModel(model));
  }

  /** Records that `host` cannot serve `model` (`why`: `model_missing` or `model_not_vision`); waiters for a model no host has are refused. */
  markModelMissing(host: PoolHost, model: string, why = 'model_missing'): void {
    host.missing.add(toCanonicalModel(model));
    this.unusable.set(toCanonicalModel(model), why);
    if (this.hasModel(model)) return;
    for (const waiter of this.waiters.filter((w) => toCanonicalModel(w.model) === toCanonicalModel(model))) {
      this.waiters.splice(this.waiters.indexOf(waiter), 1);
      waiter.reject(this.missingError(model));
    }
  }

  /** One quick liveness probe (`/api/version`); a bug (not a recognised failure) propagates. */
  async probe(host: PoolHost): Promise<boolean> {
    try {
      await host.client.version(AbortSignal.timeout(this.timing.probeTimeoutMs));
      return true;
    } catch (error) {
      if (!isRecognisedFailure(error)) throw error;
      return false;
    }
  }

  private async probeLoop(host: PoolHost): Promise<void> {
    if (this.probing.has(host)) return;
    this.probing.add(host);
    let delay = this.timing.probeInitialMs;
    for (let attempt = 1; !this.stopMessage; attempt++) {
      await new Promise<void>((resolve) => {
        const t = setTimeout(() => (this.timers.delete(t), resolve()), delay);
        this.timers.add(t);
      });
      if (this.stopMessage) break;
      const ok = await this.probe(host);
      this.probes.push({ host: host.url, attempt, delay_ms: delay, ok });
      this.log.info({ host: host.url, attempt, delay_ms: delay, ok }, 'ollama_probe');
      if (ok) {
        this.markUp(host);
        break;
      }
      delay = Math.min(delay * 2, this.timing.probeMaxMs);
    }
    this.probing.delete(host);
  }

  private markUp(host: PoolHost): void {
    host.up = true;
    clearTimeout(this.unavailableTimer);
    this.unavailableTimer = undefined;
    this.log.info({ host: host.url }, 'ollama_host_back');
    this.pump();
  }

  private toUnavailableMessage(): string {
    const urls = this.hosts.map((h) => h.url).join(', ');
    return `Ollama unreachable at ${urls} for ${(this.timing.unavailableAfterMs / 1000).toFixed(1)} s (probed ${this.probes.length} times with backoff); caption stage stopped, remaining rows stay Queued`;
  }

  /** Stops the pool: refuses all waiting and later requests with `message`. */
  stop(message: string): void {
    if (this.stopMessage) return;
    this.stopMessage = message;
    this.log.warn({ message }, 'caption_stage_stopped');
    for (const waiter of this.waiters.splice(0)) waiter.reject(this.stoppedError());
    this.dispose();
  }

  /** A bug in the pool's background work: every waiting and later request fails with `error`. */
  private fail(error: unknown): void {
    if (this.fault) return;
    this.fault = { error };
    for (const waiter of this.waiters.splice(0)) waiter.reject(error);
    this.dispose();
  }

  /** Clears every timer (the pool can no longer recover). */
  dispose(): void {
    clearTimeout(this.unavailableTimer);
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
  }

  private stoppedError(): ProofsheetError {
    return new ProofsheetError('OLLAMA_UNREACHABLE', this.stopMessage ?? 'caption stage stopped', { details: { reason: 'stopped' } });
  }

  private missingError(model: string): ProofsheetError {
    const hosts = this.hosts.map((h) => h.url).join(', ');
    return new ProofsheetError('OLLAMA_MODEL_MISSING', `model ${model} is not installed on ${hosts}; run: ollama pull ${model}`, { details: { reason: 'model_missing', model } });
  }
}
