import type { ProofsheetError } from '@proofsheet/core';

/** One row to caption, as the pipeline hands it over. */
export interface CaptionRowInput {
  /** The row id (used in logs, attempts and the QC report). */
  readonly id: number | string;
  /** `File_Name` (checked for leaks into the text). */
  readonly fileName: string;
  /** The model image: a file path (stage 6's model image) or its bytes. */
  readonly image: string | Uint8Array;
  readonly subject: string;
  readonly location: string;
  /** The category (the original's "Folder"). */
  readonly category: string;
  /** EXIF DateTimeOriginal (`YYYY:MM:DD HH:MM:SS`) or ISO, if known. */
  readonly dateTime?: string | null;
  /** Position in its series (1-based) and series size, if known. */
  readonly series?: { readonly position: number; readonly count: number } | null;
}

/** The three text fields a model drafts. */
export interface CaptionDraft {
  readonly caption: string;
  readonly alt_text: string;
  readonly keywords: readonly string[];
}

/** Where one field's text came from (SPEC §4 `caption_provenance`). */
export interface FieldProvenance {
  readonly model: string;
  readonly host: string;
  readonly prompt_hash: string;
  readonly options: Readonly<Record<string, number>>;
  /** Attempts the row needed in total (all models). */
  readonly attempts: number;
  /** Duration of the request that produced the text. */
  readonly latency_ms: number;
  readonly fallback_used: boolean;
}

/** Provenance per field. */
export interface CaptionProvenance {
  readonly caption: FieldProvenance;
  readonly alt_text: FieldProvenance;
  readonly keywords: FieldProvenance;
}

/** How one request ended. */
export type AttemptOutcome = 'accepted' | 'rejected' | 'idle_timeout' | 'hard_timeout' | 'crash' | 'unreachable' | 'model_missing' | 'busy';

/** One model request for a row (a `caption_attempts` record). */
export interface CaptionAttempt {
  readonly row_id: number | string;
  /** 1-based, over every request of the row. */
  readonly attempt: number;
  readonly model: string;
  readonly host: string;
  readonly prompt_hash: string;
  readonly started_at: string;
  readonly duration_ms: number;
  readonly outcome: AttemptOutcome;
  /** Guardrail reasons (rejected) or the failure reason (timeouts, crashes). */
  readonly reasons: readonly string[];
  readonly done_reason: string | null;
  readonly eval_count: number | null;
  readonly error_code: string | null;
}

/** The text and its records for a captioned row. */
export interface CaptionResult extends CaptionDraft {
  readonly provenance: CaptionProvenance | null;
  readonly attempts: readonly CaptionAttempt[];
}

/**
 * What happened to one row. `done` → Pending; `needs_review` → `Metadata_Needs_Work` with reasons;
 * `quarantined` → `QC_Status = 'CaptionQuarantined'`, `Review_Status = 'Error'`; `deferred` →
 * Ollama was unavailable, the row stays `Queued` (never a row failure); `skipped` → captioning is
 * off (`caption_skipped`); `failed` → the row itself is broken (e.g. its model image is missing).
 */
export type CaptionOutcome =
  | { readonly kind: 'done'; readonly value: CaptionResult }
  | { readonly kind: 'needs_review'; readonly value: CaptionResult; readonly reasons: readonly string[] }
  | { readonly kind: 'quarantined'; readonly error: ProofsheetError; readonly reasons: readonly string[]; readonly attempts: readonly CaptionAttempt[] }
  | { readonly kind: 'deferred'; readonly reason: string; readonly attempts: readonly CaptionAttempt[] }
  | { readonly kind: 'skipped'; readonly reason: 'caption_skipped' }
  | { readonly kind: 'failed'; readonly error: ProofsheetError; readonly attempts: readonly CaptionAttempt[] };

/**
 * What the caption step is doing for one row, as it happens (the review page's Generate shows it):
 * `checking` the hosts and warming up `model` (the caller's startup check); `waiting` for a free
 * host slot with `model`; `sending` request `attempt` to `host`; `answer`
 * (or a failed request) recorded with its `outcome` and `reasons`; `retry` with guardrail feedback
 * (`reasons`) or after a failure; `fallback` from the primary model to `model`.
 */
export interface CaptionProgress {
  readonly phase: 'checking' | 'waiting' | 'sending' | 'answer' | 'retry' | 'fallback';
  readonly model: string;
  readonly host?: string;
  /** 1-based, over every request of the row (as in `caption_attempts`). */
  readonly attempt?: number;
  readonly outcome?: AttemptOutcome;
  readonly reasons?: readonly string[];
}

/** Receives {@link CaptionProgress}; must not throw (its errors are ignored). */
export type CaptionProgressListener = (progress: CaptionProgress) => void;

/** A pino-compatible logger (only what the stage uses). */
export interface CaptionLog {
  info(fields: Record<string, unknown>, message: string): void;
  warn(fields: Record<string, unknown>, message: string): void;
}

/** Captions and alt texts already in the queue, so that new ones stay unique (the pipeline supplies it). */
export interface ExistingTexts {
  has(field: 'caption' | 'alt_text', text: string): boolean;
  add(field: 'caption' | 'alt_text', text: string): void;
}
