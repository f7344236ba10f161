import { readFile } from 'node:fs/promises';
import { ProofsheetError, type Clock } from '@proofsheet/core';
import { checkDraft, parseDraft } from './guardrails.js';
import type { HostPool, PoolHost } from './host-pool.js';
import { toCanonicalModel } from './model-name.js';
import type { ChatResult } from './ollama-client.js';
import { isRecognisedFailure } from './recognised-failure.js';
import { buildCaptionPrompt, CAPTION_SCHEMA, toPromptHash } from './prompt.js';
import type { CaptionSettings } from './settings.js';
import type {
  AttemptOutcome, CaptionAttempt, CaptionDraft, CaptionOutcome, CaptionProgress, CaptionProgressListener, CaptionProvenance, CaptionRowInput, ExistingTexts, CaptionLog,
} from './types.js';
import { createWatchdog } from './watchdog.js';

/** What captioning one row needs. */
export interface RowDeps {
  readonly settings: CaptionSettings;
  readonly pool: HostPool;
  readonly existing: ExistingTexts;
  readonly log: CaptionLog;
  readonly clock: Clock;
}

interface Best {
  readonly draft: CaptionDraft;
  readonly reasons: readonly string[];
  readonly attempt: CaptionAttempt;
  readonly latency: number;
}

type Sent = { ok: true; result: ChatResult; host: PoolHost; startedAt: Date; ms: number; promptHash: string } | { ok: false; error: ProofsheetError; host: PoolHost | undefined; startedAt: Date; ms: number; promptHash: string };

/** Per-row state across attempts. */
class RowRun {
  readonly attempts: CaptionAttempt[] = [];
  readonly failures: string[] = [];
  best: Best | undefined;
  lastReasons: readonly string[] = [];
  constructor(readonly deps: RowDeps, readonly input: CaptionRowInput, readonly image: string, private readonly listener: CaptionProgressListener | undefined) {}

  /** Tells the listener; a listener that throws never breaks captioning. */
  notify(progress: CaptionProgress): void {
    try {
      this.listener?.(progress);
    } catch {
      // The listener's trouble (a closed connection…) is not the row's.
    }
  }

  record(model: string, sent: Sent, outcome: AttemptOutcome, reasons: readonly string[]): CaptionAttempt {
    const attempt: CaptionAttempt = {
      row_id: this.input.id, attempt: this.attempts.length + 1, model, host: sent.host?.url ?? '', prompt_hash: sent.promptHash,
      started_at: sent.startedAt.toISOString(), duration_ms: Math.round(sent.ms), outcome, reasons,
      done_reason: sent.ok ? sent.result.doneReason : null, eval_count: sent.ok ? sent.result.evalCount : null, error_code: sent.ok ? null : sent.error.code,
    };
    this.attempts.push(attempt);
    this.notify({ phase: 'answer', model, host: attempt.host, attempt: attempt.attempt, outcome, reasons });
    return attempt;
  }

  options(): Record<string, number> {
    const s = this.deps.settings;
    return { temperature: s.temperature, num_predict: s.numPredict, num_ctx: s.numCtx };
  }

  /** One request; lease errors (stopped pool, missing model, cancel) and bugs (INTERNAL, anything that is not a ProofsheetError) propagate. */
  async send(model: string, prompt: string, signal: AbortSignal | undefined): Promise<Sent> {
    const { pool, settings, clock } = this.deps;
    const attempt = this.attempts.length + 1;
    this.notify({ phase: 'waiting', model, attempt });
    const lease = await pool.acquire(model, signal);
    this.notify({ phase: 'sending', model, host: lease.host.url, attempt });
    const startedAt = clock.now();
    const t0 = performance.now();
    const watchdog = createWatchdog(settings.idleTimeoutMs, settings.hardTimeoutMs, signal);
    const promptHash = toPromptHash(prompt);
    try {
      const call = { model, prompt, imageBase64: this.image, format: CAPTION_SCHEMA, options: this.options(), keepAlive: settings.keepAlive };
      const result = await lease.host.client.chat(call, watchdog.signal, () => watchdog.touch());
      return { ok: true, result, host: lease.host, startedAt, ms: performance.now() - t0, promptHash };
    } catch (error) {
      if (!isRecognisedFailure(error)) throw error;
      return { ok: false, error, host: lease.host, startedAt, ms: performance.now() - t0, promptHash };
    } finally {
      watchdog.dispose();
      lease.release();
    }
  }

  provenance(model: string, best: Best): CaptionProvenance {
    const field = {
      model, host: best.attempt.host, prompt_hash: best.attempt.prompt_hash, options: this.options(), attempts: this.attempts.length,
      latency_ms: Math.round(best.latency), fallback_used: toCanonicalModel(model) !== toCanonicalModel(this.deps.settings.model),
    };
    return { caption: field, alt_text: field, keywords: field };
  }
}

/** Codes with which the pool refuses a lease (stopped, model missing everywhere, cancelled). */
const LEASE_REFUSALS: ReadonlySet<string> = new Set(['OLLAMA_UNREACHABLE', 'OLLAMA_MODEL_MISSING', 'INTERRUPTED']);

/** 503 answers in a row before a row is deferred instead of retried. */
const MAX_BUSY_RETRIES = 8;

type Step = { next: 'retry' | 'feedback' | 'next_model' } | { next: 'return'; outcome: CaptionOutcome };

/** Decides what a failed request means for the row (never a row failure when Ollama itself is away). */
async function onFailure(run: RowRun, model: string, sent: Extract<Sent, { ok: false }>): Promise<Step> {
  const { pool, settings } = run.deps;
  const reason = String(sent.error.details.reason ?? 'runner_error');
  const host = sent.host!;
  if (sent.error.code === 'INTERRUPTED') return { next: 'return', outcome: { kind: 'deferred', reason: 'interrupted', attempts: run.attempts } };
  if (sent.error.code === 'OLLAMA_MODEL_MISSING') {
    run.record(model, sent, 'model_missing', [reason]);
    pool.markModelMissing(host, model, reason);
    return { next: 'retry' };
  }
  if (sent.error.code === 'OLLAMA_UNREACHABLE' && reason === 'busy') {
    // 503: the server's pending queue is full. Back off; a server that stays busy defers the row.
    const busy = run.record(model, sent, 'busy', [reason]) && run.attempts.filter((a) => a.outcome === 'busy').length;
    if (busy >= MAX_BUSY_RETRIES) return { next: 'return', outcome: { kind: 'deferred', reason: `Ollama at ${host.url} stayed busy (503) for ${busy} attempts`, attempts: run.attempts } };
    await new Promise((r) => setTimeout(r, Math.min(settings.probeInitialMs * 2 ** (busy - 1), settings.probeMaxMs)));
    return { next: 'retry' };
  }
  if (sent.error.code === 'OLLAMA_UNREACHABLE') {
    run.record(model, sent, 'unreachable', [reason]);
    pool.markDown(host, reason);
    return { next: 'retry' };
  }
  if (sent.error.code === 'CAPTION_CRASH' && !(await pool.probe(host))) {
    run.record(model, sent, 'unreachable', [reason]);
    pool.markDown(host, reason);
    return { next: 'retry' };
  }
  run.record(model, sent, sent.error.code === 'CAPTION_TIMEOUT' ? (reason as AttemptOutcome) : 'crash', [reason]);
  run.failures.push(reason);
  run.deps.log.warn({ row_id: run.input.id, host: host.url, model, reason, failures: run.failures.length }, 'caption_request_failed');
  if (run.failures.length < settings.quarantineAfter) return { next: 'retry' };
  const kind = sent.error.code === 'CAPTION_TIMEOUT' ? 'timed out' : 'crashed the model';
  const error = new ProofsheetError('CAPTION_QUARANTINED', `row ${run.input.id} ${kind} ${run.failures.length} times (${run.failures.join(', ')}); quarantined`, {
    cause: sent.error, details: { row_id: run.input.id, reasons: [...run.failures], last_code: sent.error.code },
  });
  return { next: 'return', outcome: { kind: 'quarantined', error, reasons: [...run.failures], attempts: run.attempts } };
}

/** Checks an answer; accepts it (claiming its texts) or keeps it as the best so far. */
function onAnswer(run: RowRun, model: string, sent: Extract<Sent, { ok: true }>): Step {
  const parsed = parseDraft(sent.result.content, sent.result.doneReason);
  const reasons = 'draft' in parsed ? checkDraft(parsed.draft, run.input, run.deps.existing) : [parsed.reason];
  const attempt = run.record(model, sent, reasons.length === 0 ? 'accepted' : 'rejected', reasons);
  run.lastReasons = reasons;
  if ('draft' in parsed && (!run.best || reasons.length <= run.best.reasons.length)) run.best = { draft: parsed.draft, reasons, attempt, latency: sent.ms };
  if (reasons.length > 0 || !('draft' in parsed)) return { next: 'feedback' };
  run.deps.existing.add('caption', parsed.draft.caption);
  run.deps.existing.add('alt_text', parsed.draft.alt_text);
  const best = run.best!;
  return { next: 'return', outcome: { kind: 'done', value: { ...parsed.draft, provenance: run.provenance(model, best), attempts: run.attempts } } };
}

async function tryModel(run: RowRun, model: string, signal: AbortSignal | undefined): Promise<CaptionOutcome | undefined> {
  let feedback: readonly string[] = [];
  for (let tries = 0; tries < run.deps.settings.maxAttempts; ) {
    if (!run.deps.pool.hasModel(model)) return undefined;
    const prompt = buildCaptionPrompt(run.input, run.deps.settings.keywords, feedback);
    let sent: Sent;
    try {
      sent = await run.send(model, prompt, signal);
    } catch (error) {
      // Only the pool's refusals mean "not now"; anything else (a bug) stops the run.
      if (!(error instanceof ProofsheetError) || !LEASE_REFUSALS.has(error.code)) throw error;
      if (error.code === 'OLLAMA_MODEL_MISSING') return undefined;
      return { kind: 'deferred', reason: error.code === 'INTERRUPTED' ? 'interrupted' : error.message, attempts: run.attempts };
    }
    const step = sent.ok ? onAnswer(run, model, sent) : await onFailure(run, model, sent);
    if (step.next === 'return') return step.outcome;
    if (step.next === 'feedback') {
      feedback = run.lastReasons;
      tries += 1;
    }
    if (tries < run.deps.settings.maxAttempts) run.notify({ phase: 'retry', model, attempt: run.attempts.length + 1, reasons: run.attempts.at(-1)?.reasons ?? [] });
  }
  return undefined;
}

/** A failure of the operating system (ENOENT, EACCES, EISDIR …), as opposed to a bug such as a wrong argument type. */
function isSystemError(error: unknown): boolean {
  return error instanceof Error && typeof (error as NodeJS.ErrnoException).errno === 'number' && typeof (error as NodeJS.ErrnoException).syscall === 'string';
}

async function toBase64(image: string | Uint8Array): Promise<string> {
  return Buffer.from(typeof image === 'string' ? await readFile(image) : image).toString('base64');
}

/**
 * Captions one row: prompt → answer → guardrails, retrying with feedback up to `maxAttempts` per
 * model, then the fallback model; the best text is kept as `needs_review` when nothing passes.
 * Timeouts and crashes count toward quarantine; Ollama being away makes the row `deferred`. A bug
 * (an `INTERNAL` error or anything that is not a `ProofsheetError`) rejects: it never defers or
 * quarantines a row. `onProgress` hears each step as it happens (see {@link CaptionProgress}).
 */
export async function captionOneRow(deps: RowDeps, input: CaptionRowInput, signal?: AbortSignal, onProgress?: CaptionProgressListener): Promise<CaptionOutcome> {
  let image: string;
  try {
    image = await toBase64(input.image);
  } catch (error) {
    if (!isSystemError(error)) throw error; // not a file problem: a bug
    const e = new ProofsheetError('SOURCE_MISSING', `model image of row ${input.id} cannot be read`, { cause: error, details: { row_id: input.id } });
    return { kind: 'failed', error: e, attempts: [] };
  }
  const run = new RowRun(deps, input, image, onProgress);
  const models = [deps.settings.model];
  if (deps.settings.fallbackModel && toCanonicalModel(deps.settings.fallbackModel) !== toCanonicalModel(deps.settings.model)) models.push(deps.settings.fallbackModel);
  for (const [index, model] of models.entries()) {
    if (index > 0) run.notify({ phase: 'fallback', model, reasons: run.lastReasons });
    const outcome = await tryModel(run, model, signal);
    if (outcome) return outcome;
    if (deps.pool.stopped) return { kind: 'deferred', reason: deps.pool.stopped, attempts: run.attempts };
  }
  if (!run.best && run.attempts.every((a) => a.outcome === 'model_missing' || a.outcome === 'unreachable' || a.outcome === 'busy')) {
    const notVision = models.find((m) => deps.pool.whyUnusable(m) === 'model_not_vision');
    const reason = notVision
      ? `model ${notVision} cannot read images; configure a vision model (caption.model)`
      : `model ${models.join(', ')} is not available on any host; run: ollama pull ${deps.settings.model}`;
    return { kind: 'deferred', reason, attempts: run.attempts };
  }
  const best = run.best;
  const draft = best?.draft ?? { caption: '', alt_text: '', keywords: [] };
  if (best) {
    deps.existing.add('caption', draft.caption);
    deps.existing.add('alt_text', draft.alt_text);
  }
  const reasons = best?.reasons ?? run.lastReasons;
  const provenance = best ? run.provenance(best.attempt.model, best) : null;
  return { kind: 'needs_review', value: { ...draft, provenance, attempts: run.attempts }, reasons };
}
