/** Types of the Ollama stand-in (a test server that speaks Ollama's HTTP API; never product code). */

/**
 * Which server generation to imitate (reference/ollama-api.md §0): `A` = v0.6–v0.24 (own runner),
 * `B` = v0.30+ (llama-server). Changes error strings and how images for text-only models are treated.
 */
export type StandInEra = 'A' | 'B';

/** An installed model and how it behaves by default. */
export interface StandInModel {
  /** `name:tag`; a name without a tag means `:latest`. */
  readonly name: string;
  /** `/api/show` capabilities; default `["completion","vision"]`. */
  readonly capabilities?: readonly string[];
  /** Parallel slots (OLLAMA_NUM_PARALLEL): requests beyond this wait, without limit, like the real server. Default 1. */
  readonly parallel?: number;
  /** Delay after a slot is acquired before the first token (or the whole answer), ms. Default 0. */
  readonly latencyMs?: number;
  /** Generation speed; `Infinity` (default) writes the whole answer at once. */
  readonly tokensPerSecond?: number;
  /** What `/api/ps` reports once loaded. Default `gpu`. */
  readonly processor?: 'gpu' | 'cpu' | 'split';
  /** `/api/ps` `context_length`. Default 4096. */
  readonly contextLength?: number;
  /** Bytes of the loaded model (`/api/ps` `size`). Default 6 GiB. */
  readonly sizeBytes?: number;
}

/** What one scripted request does instead of the default answer. */
export type StandInBehaviour =
  /** Answer with this exact content text. */
  | { readonly kind: 'content'; readonly content: string }
  /** Answer with this value serialised as JSON. */
  | { readonly kind: 'payload'; readonly payload: unknown }
  /** Fail before streaming with this status and `{"error": error}`. */
  | { readonly kind: 'status'; readonly status: number; readonly error: string }
  /** Accept the request and never send a byte. */
  | { readonly kind: 'hang' }
  /** Send `afterTokens` tokens, then go silent forever (connection kept open). */
  | { readonly kind: 'stall'; readonly afterTokens: number }
  /** Send `afterTokens` tokens, then destroy the socket (a runner crash as the client sees it). */
  | { readonly kind: 'crash'; readonly afterTokens: number }
  /** Send `afterTokens` tokens, then an NDJSON `{"error": …}` line (a mid-stream runner error). */
  | { readonly kind: 'error_line'; readonly afterTokens: number; readonly error: string }
  /** Content that is not JSON at all (prose). */
  | { readonly kind: 'invalid_json' }
  /** Valid JSON that breaks the requested schema (missing `alt_text`, keywords as a string). */
  | { readonly kind: 'schema_violation' }
  /** Repeat one token until `num_predict`, then `done_reason: "length"`. */
  | { readonly kind: 'runaway' }
  /** Repeat one token 31 times and end the stream with no `done` line (the real token-repeat cut-off). */
  | { readonly kind: 'repeat_cutoff' }
  /** The default answer, but at this speed (a slow stream). */
  | { readonly kind: 'slow'; readonly tokensPerSecond: number }
  /** The default answer, changed so that it breaks one caption guardrail (SPEC §7). */
  | { readonly kind: 'break'; readonly rule: GuardrailBreak };

/** The caption guardrails a `break` behaviour can violate, by the reason name the product uses. */
export const GUARDRAIL_BREAKS = [
  'caption_not_one_sentence', 'caption_too_short', 'caption_too_long', 'alt_too_short', 'alt_too_long', 'alt_equals_caption',
  'alt_too_similar', 'keywords_too_few', 'keywords_too_many', 'keyword_too_long', 'keyword_duplicate', 'keyword_filler',
  'camera_token', 'filename_leak', 'category_leak', 'uncertainty_words',
] as const;
export type GuardrailBreak = (typeof GUARDRAIL_BREAKS)[number];

/** A scripted rule: the first matching rule with uses left decides a chat/generate request. */
export interface StandInRule {
  readonly model?: string;
  readonly match?: (request: StandInInference) => boolean;
  /** How many requests this rule answers; default unlimited. */
  readonly times?: number;
  readonly behaviour: StandInBehaviour;
}

/** A chat or generate request as the stand-in understood it. */
export interface StandInInference {
  readonly endpoint: 'chat' | 'generate';
  readonly model: string;
  /** All user/system text joined with newlines. */
  readonly prompt: string;
  /** Base64 images as received. */
  readonly images: readonly string[];
  readonly stream: boolean;
  readonly format: unknown;
  readonly options: Readonly<Record<string, unknown>>;
}

/** One recorded HTTP request. */
export interface RecordedRequest {
  readonly method: string;
  readonly path: string;
  readonly body: unknown;
  readonly model: string | undefined;
  readonly inference: StandInInference | undefined;
  /** Chat/generate requests of this model in flight on this server when this one arrived (itself included). */
  readonly inFlightAtArrival: number;
  readonly receivedAt: number;
  finishedAt: number | undefined;
  status: number | undefined;
  /** The scripted behaviour used, or `default`. */
  behaviour: string | undefined;
}
