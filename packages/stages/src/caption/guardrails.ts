import { TEXT_RULES, toTextWords } from '@proofsheet/core';
import type { CaptionDraft, CaptionRowInput, ExistingTexts } from './types.js';

/** Token Jaccard at or above which alt text counts as a copy of the caption (SPEC §7). */
export const ALT_SIMILARITY_LIMIT = 0.82;

const FILLER = new Set(['photo', 'photos', 'image', 'images', 'picture', 'pic', 'beautiful', 'stunning', 'amazing', 'photography', 'gallery', 'collection', 'miscellaneous', 'wallpaper', 'stock photo']);
const UNCERTAIN = /\b(maybe|possibly|probably|perhaps|likely|might be|appears to be|seems to be|could be)\b/i;
const CAMERA = /\b(jpe?g|png|tiff?|heic|canon|nikon|sony|fujifilm|olympus|panasonic|leica|eos|iso ?\d+|f\/?\d+(\.\d+)?|\d+ ?mm|dsc\w*|img_?\d+|exif|mark ii)\b/i;

/** Lower-case words of a text (letters, digits, apostrophes). */
export function toWords(text: string): string[] {
  return toTextWords(text);
}

/** Token Jaccard similarity of two texts (0–1). */
export function toJaccard(a: string, b: string): number {
  const left = new Set(toWords(a));
  const right = new Set(toWords(b));
  if (left.size === 0 && right.size === 0) return 1;
  let shared = 0;
  for (const w of left) if (right.has(w)) shared += 1;
  return shared / (left.size + right.size - shared);
}

/** The form used to compare texts for duplicates: lower case, single spaces, no end punctuation. */
export function toComparable(text: string): string {
  return text.toLowerCase().replace(/\s+/g, ' ').trim().replace(/[.!?]+$/, '');
}

/** An in-memory {@link ExistingTexts}, seeded with texts already in the queue. */
export function createExistingTexts(initial: { captions?: Iterable<string>; altTexts?: Iterable<string> } = {}): ExistingTexts {
  const sets = { caption: new Set<string>(), alt_text: new Set<string>() };
  for (const t of initial.captions ?? []) sets.caption.add(toComparable(t));
  for (const t of initial.altTexts ?? []) sets.alt_text.add(toComparable(t));
  return {
    has: (field, text) => sets[field].has(toComparable(text)),
    add: (field, text) => void sets[field].add(toComparable(text)),
  };
}

function checkSentence(caption: string): string[] {
  const words = toWords(caption).length;
  const reasons: string[] = [];
  if (caption.trim().split(/[.!?]+\s+(?=\S)/).length > 1) reasons.push('caption_not_one_sentence');
  if (words < TEXT_RULES.captionWords.min) reasons.push('caption_too_short');
  if (words > TEXT_RULES.captionWords.max) reasons.push('caption_too_long');
  return reasons;
}

function checkAlt(alt: string, caption: string): string[] {
  const words = toWords(alt).length;
  const reasons: string[] = [];
  if (words < TEXT_RULES.altTextWords.min) reasons.push('alt_too_short');
  if (words > TEXT_RULES.altTextWords.max) reasons.push('alt_too_long');
  if (toComparable(alt) === toComparable(caption)) reasons.push('alt_equals_caption');
  else if (toJaccard(alt, caption) >= ALT_SIMILARITY_LIMIT) reasons.push('alt_too_similar');
  return reasons;
}

function checkKeywords(keywords: readonly string[], input: CaptionRowInput): string[] {
  const reasons = new Set<string>();
  if (keywords.length < TEXT_RULES.keywords.min) reasons.add('keywords_too_few');
  if (keywords.length > TEXT_RULES.keywords.max) reasons.add('keywords_too_many');
  const seen = new Set<string>();
  const category = toComparable(input.category);
  for (const raw of keywords) {
    const k = toComparable(raw);
    if (toWords(k).length > 3) reasons.add('keyword_too_long');
    if (seen.has(k)) reasons.add('keyword_duplicate');
    seen.add(k);
    if (FILLER.has(k)) reasons.add('keyword_filler');
    if (k !== '' && k === category) reasons.add('category_leak');
  }
  return [...reasons];
}

/** The file name's stem and its words joined by spaces (`tulip_amsterdam_001.jpg` → both forms). */
function toFileForms(fileName: string): string[] {
  const stem = fileName.replace(/\.[^.]+$/, '').toLowerCase();
  return stem.length < 4 ? [] : [stem, stem.replace(/[_-]+/g, ' ')];
}

function checkLeaks(draft: CaptionDraft, input: CaptionRowInput): string[] {
  const texts = [draft.caption, draft.alt_text, ...draft.keywords];
  const all = texts.join('\n').toLowerCase();
  const reasons: string[] = [];
  if (texts.some((t) => CAMERA.test(t))) reasons.push('camera_token');
  if (toFileForms(input.fileName).some((form) => all.includes(form)) || /\w_\w/.test(all)) reasons.push('filename_leak');
  if (/\b(category|folder)\b/.test(all)) reasons.push('category_leak');
  if (UNCERTAIN.test(all)) reasons.push('uncertainty_words');
  return reasons;
}

/**
 * Checks a draft against every guardrail of SPEC §7 and returns the named reasons it fails (empty
 * when it passes). Uniqueness across the queue is checked against `existing`.
 */
export function checkDraft(draft: CaptionDraft, input: CaptionRowInput, existing: ExistingTexts): string[] {
  const reasons = [
    ...checkSentence(draft.caption),
    ...checkAlt(draft.alt_text, draft.caption),
    ...checkKeywords(draft.keywords, input),
    ...checkLeaks(draft, input),
  ];
  if (draft.caption.trim() !== '' && existing.has('caption', draft.caption)) reasons.push('caption_duplicate');
  if (draft.alt_text.trim() !== '' && existing.has('alt_text', draft.alt_text)) reasons.push('alt_duplicate');
  return [...new Set(reasons)];
}

/**
 * Parses the model's content into a draft. Returns the reason instead when the content is not JSON
 * (`invalid_json`), was cut off by `num_predict` (`output_truncated`) or breaks the schema
 * (`schema_violation`).
 */
export function parseDraft(content: string, doneReason: string): { draft: CaptionDraft } | { reason: string } {
  let value: unknown;
  try {
    value = JSON.parse(content);
  } catch {
    return { reason: doneReason === 'length' ? 'output_truncated' : 'invalid_json' };
  }
  const v = value as Record<string, unknown> | null;
  if (v === null || typeof v !== 'object' || typeof v.caption !== 'string' || typeof v.alt_text !== 'string' || !Array.isArray(v.keywords) || !v.keywords.every((k) => typeof k === 'string')) {
    return { reason: 'schema_violation' };
  }
  return { draft: { caption: v.caption.trim(), alt_text: v.alt_text.trim(), keywords: (v.keywords as string[]).map((k) => k.trim()).filter((k) => k !== '') } };
}
