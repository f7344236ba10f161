import { createHash } from 'node:crypto';
import type { CaptionRowInput } from './types.js';

/** The JSON schema sent in `format`: Ollama constrains sampling to it (the model is also told in the prompt). */
export const CAPTION_SCHEMA = {
  type: 'object',
  properties: {
    caption: { type: 'string' },
    alt_text: { type: 'string' },
    keywords: { type: 'array', items: { type: 'string' } },
  },
  required: ['caption', 'alt_text', 'keywords'],
} as const;

/** What each guardrail reason asks the model to fix, for the retry prompt. */
const FIXES: Readonly<Record<string, string>> = {
  invalid_json: 'answer with one JSON object only, no prose',
  schema_violation: 'include exactly the keys caption (string), alt_text (string) and keywords (array of strings)',
  output_truncated: 'keep the answer short; stop after the JSON object',
  caption_not_one_sentence: 'the caption must be a single sentence',
  caption_too_short: 'the caption needs at least 8 words',
  caption_too_long: 'the caption must have at most 24 words',
  alt_too_short: 'the alt text needs at least 8 words',
  alt_too_long: 'the alt text must have at most 18 words',
  alt_equals_caption: 'the alt text must be worded differently from the caption',
  alt_too_similar: 'the alt text must use different words from the caption',
  keywords_too_few: 'give more keywords',
  keywords_too_many: 'give fewer keywords',
  keyword_too_long: 'each keyword has at most 3 words',
  keyword_duplicate: 'do not repeat a keyword',
  keyword_filler: 'leave out filler keywords such as photo, image or beautiful',
  camera_token: 'do not mention cameras, lenses, settings or file types',
  filename_leak: 'do not copy the file name',
  category_leak: 'do not use the category label as text or keyword',
  uncertainty_words: 'state only what is visible, without maybe, possibly, likely or appears to be',
  caption_duplicate: 'another photo already has this caption: describe what is distinctive in this one',
  alt_duplicate: 'another photo already has this alt text: describe what is distinctive in this one',
};

const TIME_OF_DAY: ReadonlyArray<readonly [number, string]> = [[5, 'night'], [12, 'morning'], [17, 'afternoon'], [21, 'evening'], [24, 'night']];

/** The time of day of an EXIF (`YYYY:MM:DD HH:MM:SS`) or ISO date-time, or undefined. */
export function toTimeOfDay(dateTime: string | null | undefined): string | undefined {
  const match = /^\d{4}[-:]\d{2}[-:]\d{2}[T ](\d{2}):\d{2}/.exec(dateTime ?? '');
  if (!match) return undefined;
  const hour = Number(match[1]);
  return TIME_OF_DAY.find(([limit]) => hour < limit)?.[1];
}

/** The human date of an EXIF or ISO date-time (`2024-05-03`), or undefined. */
function toDate(dateTime: string | null | undefined): string | undefined {
  const match = /^(\d{4})[-:](\d{2})[-:](\d{2})/.exec(dateTime ?? '');
  return match ? `${match[1]}-${match[2]}-${match[3]}` : undefined;
}

/**
 * Builds the prompt for one row. Context (subject, location, category, date and time of day,
 * series position) is given as cues; `feedback` lists the reasons the previous answer was
 * rejected, so the model knows what to fix.
 */
export function buildCaptionPrompt(input: CaptionRowInput, keywords: number, feedback: readonly string[]): string {
  const lines = [
    'Describe this photograph for a photo website. Answer with one JSON object: {"caption": string, "alt_text": string, "keywords": string[]}.',
    `- caption: one factual sentence of 8 to 24 words about what is visible.`,
    `- alt_text: 8 to 18 words for screen readers, worded differently from the caption.`,
    `- keywords: ${keywords} keywords, each at most 3 words, no duplicates, no filler words (photo, image, beautiful), no camera or file details.`,
    '- State only what is visible; no guessing words (maybe, possibly, appears to be). Do not copy the file name or the category label.',
    'Context (cues from the photographer; trust the image first):',
    `- subject: ${input.subject}`,
    `- location: ${input.location}`,
    `- category: ${input.category}`,
  ];
  const date = toDate(input.dateTime);
  const timeOfDay = toTimeOfDay(input.dateTime);
  if (date) lines.push(`- taken: ${date}${timeOfDay ? `, ${timeOfDay}` : ''}`);
  if (input.series && input.series.count > 1) lines.push(`- series: image ${input.series.position} of ${input.series.count}; make the text specific to this image`);
  if (feedback.length > 0) {
    lines.push('Your previous answer was rejected for these reasons:');
    for (const reason of feedback) lines.push(`- ${reason}: ${FIXES[reason] ?? 'fix this'}`);
    lines.push('Write a new answer that fixes every reason.');
  }
  return lines.join('\n');
}

/** A short stable hash of a prompt (provenance: which exact text the model saw). */
export function toPromptHash(prompt: string): string {
  return createHash('sha256').update(prompt).digest('hex').slice(0, 16);
}
