import { describe, expect, test } from 'vitest';
import { checkDraft, createExistingTexts, parseDraft, toJaccard } from './guardrails.js';
import { buildCaptionPrompt, toTimeOfDay } from './prompt.js';
import type { CaptionDraft, CaptionRowInput } from './types.js';

const INPUT: CaptionRowInput = {
  id: 7, fileName: 'Tulip_Amsterdam_Flowers_canon_2024_007.JPG', image: new Uint8Array(), subject: 'tulip field', location: 'Amsterdam', category: 'Flowers',
};
const GOOD: CaptionDraft = {
  caption: 'Rows of red tulips stretch toward a white windmill under a pale morning sky.',
  alt_text: 'Field of scarlet blooms in straight lines leading to a distant mill.',
  keywords: ['red tulips', 'windmill', 'flower rows', 'morning sky', 'farmland'],
};

function reasonsOf(patch: Partial<CaptionDraft>, existing = createExistingTexts()): string[] {
  return checkDraft({ ...GOOD, ...patch }, INPUT, existing);
}

describe('caption guardrails', () => {
  test('a good draft passes', () => {
    expect(reasonsOf({})).toEqual([]);
  });

  test.each([
    [{ caption: 'Red tulips. A windmill stands behind them in the pale morning light.' }, ['caption_not_one_sentence']],
    [{ caption: 'Red tulips near a windmill.' }, ['caption_too_short']],
    [{ caption: `Rows of red tulips ${'and more tulips '.repeat(8)}stretch away.` }, ['caption_too_long']],
    [{ alt_text: 'Tulips by a mill.' }, ['alt_too_short']],
    [{ alt_text: `Field of scarlet blooms ${'in long lines '.repeat(5)}to a mill.` }, ['alt_too_long']],
    [{ alt_text: GOOD.caption.toUpperCase() }, ['alt_equals_caption']],
    [{ alt_text: 'Rows of red tulips stretch toward a white windmill under a pale sky.' }, ['alt_too_similar']],
    [{ keywords: ['tulips', 'windmill'] }, ['keywords_too_few']],
    [{ keywords: Array.from({ length: 13 }, (_, i) => `word ${String.fromCharCode(97 + i)}`) }, ['keywords_too_many']],
    [{ keywords: [...GOOD.keywords, 'rows of red spring tulips'] }, ['keyword_too_long']],
    [{ keywords: [...GOOD.keywords, 'Windmill'] }, ['keyword_duplicate']],
    [{ keywords: [...GOOD.keywords, 'beautiful'] }, ['keyword_filler']],
    [{ keywords: [...GOOD.keywords, 'iso 100'] }, ['camera_token']],
    [{ caption: 'Rows of red tulips shot on a Canon body stretch toward a white windmill.' }, ['camera_token']],
    [{ keywords: [...GOOD.keywords, 'flowers'] }, ['category_leak']],
    [{ caption: 'Tulip Amsterdam Flowers canon 2024 007 shows rows of tulips near a mill.' }, ['camera_token', 'filename_leak']],
    [{ caption: 'Rows of red tulips stretch toward what appears to be a white windmill today.' }, ['uncertainty_words']],
  ])('%j → %j', (patch, expected) => {
    expect(reasonsOf(patch)).toEqual(expected);
  });

  test('captions and alt texts must be unique across the queue (case and end punctuation ignored)', () => {
    const existing = createExistingTexts({ captions: [GOOD.caption.toLowerCase().replace(/\.$/, '')], altTexts: [GOOD.alt_text] });
    expect(reasonsOf({}, existing)).toEqual(['caption_duplicate', 'alt_duplicate']);
  });

  test('token Jaccard', () => {
    expect(toJaccard('a b c d', 'a b c d')).toBe(1);
    expect(toJaccard('a b', 'c d')).toBe(0);
    expect(toJaccard('a b c', 'a b d')).toBe(0.5);
  });

  test('parsing: invalid JSON, truncated output and schema violations are named', () => {
    expect(parseDraft('not json', 'stop')).toEqual({ reason: 'invalid_json' });
    expect(parseDraft('{"caption": "cut', 'length')).toEqual({ reason: 'output_truncated' });
    expect(parseDraft('{"caption": "x", "keywords": "a, b"}', 'stop')).toEqual({ reason: 'schema_violation' });
    expect(parseDraft(JSON.stringify({ ...GOOD, keywords: [' a ', ''] }), 'stop')).toEqual({ draft: { ...GOOD, keywords: ['a'] } });
  });
});

describe('caption prompt', () => {
  test('carries the context and, on a retry, the reasons with what to fix', () => {
    const prompt = buildCaptionPrompt({ ...INPUT, dateTime: '2024:04:20 19:05:00', series: { position: 2, count: 5 } }, 8, ['caption_too_short', 'keyword_filler']);
    expect(prompt).toContain('- keywords: 8 keywords');
    expect(prompt).toContain('- subject: tulip field\n- location: Amsterdam\n- category: Flowers\n- taken: 2024-04-20, evening\n- series: image 2 of 5');
    expect(prompt).toContain('- caption_too_short: the caption needs at least 8 words\n- keyword_filler: leave out filler keywords');
  });

  test('time of day from EXIF or ISO date-times', () => {
    expect([toTimeOfDay('2024:04:20 03:00:00'), toTimeOfDay('2024-04-20T09:00:00'), toTimeOfDay('2024:04:20 14:00:00'), toTimeOfDay(null)]).toEqual(['night', 'morning', 'afternoon', undefined]);
  });
});
