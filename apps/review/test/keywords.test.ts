import { afterAll, expect } from 'vitest';
import { listRowIds, removeTemplate, test, type ServerFixture } from './helpers.js';

afterAll(removeTemplate);

async function setKeywords(review: ServerFixture, id: number, Keywords: string): Promise<void> {
  const { version } = (await (await review.api(`/api/rows/${id}`)).json()) as { version: number };
  expect((await review.api(`/api/rows/${id}`, { method: 'PATCH', json: { version, Keywords } })).status).toBe(200);
}

type Reply = { prefix: string; keywords: Array<{ keyword: string; uses: number }> };

test('GET /api/keywords completes keywords already used on rows: most used first, case-insensitive prefix, limit', async ({ review }) => {
  const [a, b, c] = (await listRowIds(review)) as [number, number, number];
  await setKeywords(review, a, 'Mountains, ridge, snow');
  await setKeywords(review, b, 'mountains, morning, ridge');
  await setKeywords(review, c, 'mountains, moor, País Vasco');
  const get = async (query: string): Promise<Reply> => {
    const response = await review.api(`/api/keywords${query}`);
    expect(response.status).toBe(200);
    return (await response.json()) as Reply;
  };
  expect(await get('?prefix=MO')).toEqual({ prefix: 'MO', keywords: [{ keyword: 'mountains', uses: 3 }, { keyword: 'moor', uses: 1 }, { keyword: 'morning', uses: 1 }] });
  expect((await get('?prefix=pa')).keywords).toEqual([{ keyword: 'País Vasco', uses: 1 }]);
  expect((await get('?limit=2')).keywords.map((k) => k.keyword)).toEqual(['mountains', 'ridge']);
  expect((await get('')).keywords).toHaveLength(6);
  expect((await get('?prefix=zz')).keywords).toEqual([]);
  expect((await review.api('/api/keywords?limit=101')).status).toBe(400);
  expect((await review.api('/api/keywords?limit=0')).status).toBe(400);
  expect((await review.api(`/api/keywords?prefix=${'x'.repeat(101)}`)).status).toBe(400);
});
