/**
 * The text rules of SPEC §7 that more than one package applies: the caption step's guardrails
 * (`stages`) and the checks before approval (`publisher`'s publish checks).
 */
export const TEXT_RULES = {
  /** Caption: one sentence of this many words. */
  captionWords: { min: 8, max: 24 },
  /** Alt text: this many words. */
  altTextWords: { min: 8, max: 18 },
  /** Keywords per row. */
  keywords: { min: 5, max: 12 },
} as const;

/** The lower-case words of a text (letters, digits, apostrophes), as the text rules count them. */
export function toTextWords(text: string): string[] {
  return text.toLowerCase().match(/[\p{L}\p{N}']+/gu) ?? [];
}
