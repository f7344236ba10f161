import http from 'node:http';
import { afterAll, describe, expect } from 'vitest';
import { removeTemplate, test, type ServerFixture } from './helpers.js';

afterAll(removeTemplate);

type ErrorJson = { error: { code: string; message: string; hint: string } };
type ListJson = { total: number; page: number; pageSize: number; rows: Array<{ id: number; version: number; Caption: string | null; Review_Status: string; File_Name: string }> };
type DetailJson = { row: Record<string, unknown>; version: number; neighbours: { previous: number | null; next: number | null }; ai_values: Record<string, { ai: string | null; current: string | null; edited: boolean }>; quality_detail: unknown; exif: Record<string, unknown>; events: Array<Record<string, unknown>> };

async function detail(review: ServerFixture, id: number, query = ''): Promise<DetailJson> {
  return (await (await review.api(`/api/rows/${id}${query}`)).json()) as DetailJson;
}

async function patch(review: ServerFixture, id: number, body: unknown): Promise<Response> {
  return review.api(`/api/rows/${id}`, { method: 'PATCH', json: body });
}

/** Posts raw bytes as JSON (for bodies fetch cannot build: invalid UTF-8). */
function postRaw(review: ServerFixture, pathname: string, body: Buffer): Promise<{ status: number; body: string }> {
  const { hostname, port } = new URL(review.server.url);
  return new Promise((resolve, reject) => {
    const request = http.request(
      { host: hostname, port, path: pathname, method: 'PATCH', headers: { 'content-type': 'application/json', 'content-length': body.length, authorization: `Bearer ${review.server.token}` } },
      (response) => {
        let text = '';
        response.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, body: text }));
      },
    );
    request.on('error', reject);
    request.end(body);
  });
}

describe('rows', () => {
  test('list: filters, sort, paging; detail: scores, which metrics ran, neighbours in the filter, ETag', async ({ review }) => {
    const all = (await (await review.api('/api/rows?sort=-qr&pageSize=2&page=1')).json()) as ListJson;
    expect(all.total).toBe(4);
    expect(all.rows).toHaveLength(2);
    const page2 = (await (await review.api('/api/rows?sort=-qr&pageSize=2&page=2')).json()) as ListJson;
    const order = [...all.rows, ...page2.rows].map((r) => r.id);
    expect(new Set(order).size).toBe(4);
    expect(((await (await review.api('/api/rows?status=Approved')).json()) as ListJson).total).toBe(0);
    expect(((await (await review.api('/api/rows?status=Pending&qc=Top&set=1')).json()) as ListJson).total).toBe(4);
    const second = await detail(review, order[1] as number, '?sort=-qr');
    expect(second.neighbours).toEqual({ previous: order[0], next: order[2] });
    expect(second.quality_detail).toMatchObject({ provider: expect.any(String) });
    expect(second.exif).toHaveProperty('Width');
    const response = await review.api(`/api/rows/${order[1]}`);
    expect(response.headers.get('etag')).toBe(`"v${second.version}"`);
    expect((await review.api('/api/rows?status=Nope')).status).toBe(400);
    expect((await review.api('/api/rows?pageSize=100000')).status).toBe(400);
    expect(((await (await review.api('/api/rows/999')).json()) as ErrorJson).error.code).toBe('ROW_NOT_FOUND');
  });

  test('edit: saved with old and new value in row_events, searchable at once; stale version → 409', async ({ review }) => {
    const before = await detail(review, 1);
    const saved = await patch(review, 1, { version: before.version, Caption: 'Hayedo en otoño', Keywords: 'hayedo, otoño, niebla', QR: 4 });
    expect(saved.status).toBe(200);
    const body = (await saved.json()) as { version: number; changed: string[]; row: Record<string, unknown> };
    expect(body.changed.sort()).toEqual(['Caption', 'Keywords', 'QC_Status', 'QR']);
    expect(body.row).toMatchObject({ Caption: 'Hayedo en otoño', QR: 4, QC_Status: 'Very Low' });
    const after = await detail(review, 1);
    expect(after.events.filter((e) => e.kind === 'field_edit' && e.field === 'Caption').map((e) => [e.old_value, e.new_value, e.actor])).toEqual([[null, 'Hayedo en otoño', 'operator']]);
    expect(after.ai_values.Caption).toMatchObject({ current: 'Hayedo en otoño', edited: true });
    const found = (await (await review.api('/api/rows?q=otono')).json()) as ListJson;
    expect(found.rows.map((r) => r.id)).toEqual([1]);
    const stale = await patch(review, 1, { version: before.version, Caption: 'Otra' });
    expect(stale.status).toBe(409);
    expect(((await stale.json()) as ErrorJson).error.code).toBe('VERSION_CONFLICT');
  });

  test('two PATCHes with the same version: exactly one wins, the other gets 409', async ({ review }) => {
    const { version } = await detail(review, 2);
    const responses = await Promise.all([patch(review, 2, { version, Caption: 'tab one' }), patch(review, 2, { version, Caption: 'tab two' })]);
    expect(responses.map((r) => r.status).sort()).toEqual([200, 409]);
    const winner = responses[0]?.status === 200 ? 'tab one' : 'tab two';
    expect((await detail(review, 2)).row.Caption).toBe(winner);
  });

  test('rename re-reserves the name; a name another row holds is 409 naming that row, and nothing changes', async ({ review }) => {
    const one = await detail(review, 1);
    const two = await detail(review, 2);
    const taken = await patch(review, 2, { version: two.version, File_Name: one.row.File_Name, Caption: 'x' });
    expect(taken.status).toBe(409);
    const error = ((await taken.json()) as ErrorJson).error;
    expect(error.code).toBe('FILENAME_COLLISION');
    expect(error.message).toContain('row 1');
    expect((await detail(review, 2)).row).toMatchObject({ File_Name: two.row.File_Name, Caption: null });
    const renamed = await patch(review, 2, { version: two.version, File_Name: 'Hayedo_Urbasa_001.JPG' });
    expect(renamed.status).toBe(200);
    expect((await detail(review, 2)).row.File_Name).toBe('Hayedo_Urbasa_001.JPG');
    const bad = await patch(review, 2, { version: (await detail(review, 2)).version, File_Name: '../../etc/passwd' });
    expect(bad.status).toBe(422);
    expect(((await bad.json()) as ErrorJson).error.code).toBe('FIELD_INVALID');
  });

  test('decisions: single and bulk, with the transition rules and an event per decision', async ({ review }) => {
    const approve = await review.api('/api/rows/1/decision', { method: 'POST', json: { decision: 'approve' } });
    expect(approve.status).toBe(200);
    expect(await approve.json()).toMatchObject({ id: 1, from: 'Pending', to: 'Approved' });
    const bulk = await review.api('/api/rows/decision', { method: 'POST', json: { ids: [2, 3, 999], decision: 'reject' } });
    expect(await bulk.json()).toMatchObject({ updated: 2, failed: 1, results: [{ id: 2, ok: true, to: 'Rejected' }, { id: 3, ok: true }, { id: 999, ok: false, error_code: 'ROW_NOT_FOUND' }] });
    const list = (await (await review.api('/api/rows?status=Rejected')).json()) as ListJson;
    expect(list.rows.map((r) => r.id)).toEqual([2, 3]);
    const illegal = await review.api('/api/rows/1/decision', { method: 'POST', json: { decision: 'approve' } });
    expect(illegal.status).toBe(409);
    expect(((await illegal.json()) as ErrorJson).error.code).toBe('ILLEGAL_TRANSITION');
    expect((await review.api('/api/rows/1/decision', { method: 'POST', json: { decision: 'publish' } })).status).toBe(400);
    expect((await detail(review, 2)).events.filter((e) => e.kind === 'decision' && e.actor === 'operator').map((e) => [e.old_value, e.new_value])).toEqual([['Pending', 'Rejected']]);
  });
});

describe('counts per status', () => {
  test('one request gives every status under the filters (status and sort aside), zeros included', async ({ review }) => {
    type CountsJson = { total: number; counts: Record<string, number> };
    const counts = async (query = '') => (await (await review.api(`/api/rows/counts${query}`)).json()) as CountsJson;
    const before = await counts();
    expect(before.counts).toMatchObject({ Pending: 4, Approved: 0, Rejected: 0, Published: 0, Error: 0, Queued: 0, Metadata_Needs_Work: 0 });
    expect(before.total).toBe(4);
    await review.api('/api/rows/decision', { method: 'POST', json: { ids: [1, 2], decision: 'approve' } });
    await review.api('/api/rows/3/decision', { method: 'POST', json: { decision: 'reject' } });
    expect((await counts()).counts).toMatchObject({ Pending: 1, Approved: 2, Rejected: 1 });
    const name = (await detail(review, 1)).row.File_Name as string;
    const searched = await counts(`?q=${encodeURIComponent(name.replace('.JPG', ''))}`);
    expect(searched).toMatchObject({ total: 1, counts: { Approved: 1, Pending: 0 } });
    expect((await counts('?set=999')).total).toBe(0);
    expect((await review.api('/api/rows/counts?status=Pending')).status).toBe(400);
  });
});

describe('hostile input', () => {
  test('markup and SQL quotes round-trip as data; search treats them as words', async ({ review }) => {
    const { version } = await detail(review, 3);
    const caption = `<script>alert("x")</script> '; DROP TABLE review_queue; -- "quoted"`;
    const alt = '<img src=x onerror=alert(1)>';
    expect((await patch(review, 3, { version, Caption: caption, alt_text: alt })).status).toBe(200);
    const response = await review.api('/api/rows/3');
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    expect((await detail(review, 3)).row).toMatchObject({ Caption: caption, alt_text: alt });
    const search = await review.api(`/api/rows?q=${encodeURIComponent(`'; DROP TABLE review_queue; -- "`)}`);
    expect(search.status).toBe(200);
    expect(((await search.json()) as ListJson).rows.map((r) => r.id)).toEqual([3]);
    expect(((await (await review.api('/api/rows')).json()) as ListJson).total).toBe(4);
    const keywords = await patch(review, 3, { version: (await detail(review, 3)).version, Keywords: 'ok, <script>' });
    expect(keywords.status).toBe(422);
  });

  test('100 kB strings, unknown fields, malformed JSON, invalid UTF-8 and oversized bodies are refused with a 4xx and a code', async ({ review }) => {
    const { version } = await detail(review, 4);
    const huge = await patch(review, 4, { version, Caption: 'a'.repeat(100_000) });
    expect(huge.status).toBe(400);
    expect(((await huge.json()) as ErrorJson).error.code).toBe('VALIDATION_FAILED');
    const iptc = await patch(review, 4, { version, Caption: 'ñ'.repeat(1500) });
    expect(iptc.status).toBe(422);
    expect(((await patch(review, 4, { version, Review_Status: 'Published' })).status)).toBe(400);
    const malformed = await review.api('/api/rows/4', { method: 'PATCH', headers: { 'content-type': 'application/json' }, body: '{"version": 1, "Caption": ' });
    expect(malformed.status).toBe(400);
    expect(((await malformed.json()) as ErrorJson).error.code).toBe('INVALID_JSON');
    const invalidUtf8 = await postRaw(review, '/api/rows/4', Buffer.concat([Buffer.from(`{"version": ${version}, "Caption": "`), Buffer.from([0xc3, 0x28, 0xff]), Buffer.from('"}')]));
    expect(invalidUtf8.status).toBe(400);
    expect(JSON.parse(invalidUtf8.body)).toMatchObject({ error: { code: 'INVALID_UTF8' } });
    const tooLarge = await review.api('/api/rows/4', { method: 'PATCH', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ version, Caption: 'a'.repeat(400_000) }) });
    expect(tooLarge.status).toBe(413);
    expect(((await tooLarge.json()) as ErrorJson).error.code).toBe('BODY_TOO_LARGE');
    const proto = await review.api('/api/rows/4', { method: 'PATCH', headers: { 'content-type': 'application/json' }, body: `{"version": ${version}, "__proto__": {"x": 1}}` });
    expect(proto.status).toBe(400);
    expect((await detail(review, 4)).row.Caption).toBeNull();
  });
});
