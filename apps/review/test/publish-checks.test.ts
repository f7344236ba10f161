import { afterAll, expect } from 'vitest';
import { removeTemplate, test } from './helpers.js';

afterAll(removeTemplate);

type Detail = { version: number; publish_checks: Array<{ field: string; severity: string; code: string; message: string }> };

test('GET /api/rows/:id lists what would go wrong on the website, and an edit that fixes it clears it', async ({ review }) => {
  const read = async (): Promise<Detail> => (await (await review.api('/api/rows/1')).json()) as Detail;
  // Seeded without captioning: no alt text, no keywords.
  const seeded = await read();
  expect(seeded.publish_checks.map((c) => `${c.severity} ${c.field} ${c.code}`)).toEqual(['error alt_text ALT_TEXT_MISSING', 'warning Keywords KEYWORDS_TOO_FEW']);
  const long = Array.from({ length: 20 }, (_, i) => `word${i}`).join(' ');
  const patch = await review.api('/api/rows/1', { method: 'PATCH', json: { version: seeded.version, alt_text: long, Keywords: 'ridge, snow, valley, dusk, mountains, Basque Country' } });
  expect(patch.status).toBe(200);
  const edited = await read();
  expect(edited.publish_checks).toEqual([{ field: 'alt_text', severity: 'warning', code: 'ALT_TEXT_TOO_LONG', message: 'alt text has 20 words; at most 18' }]);
  await review.api('/api/rows/1', { method: 'PATCH', json: { version: edited.version, alt_text: 'Snow on a mountain ridge above a green valley at dusk.' } });
  expect((await read()).publish_checks).toEqual([]);
});
