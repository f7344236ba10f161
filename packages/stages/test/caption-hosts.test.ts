import { describe, expect, test, vi } from 'vitest';
import { createTempDir } from '@proofsheet/testkit';
import { captionRows, countOutcomes, createMemoryLog, makeRows, testSettings, useCleanup } from './caption-helpers.js';

const { standIn, captioner, defer } = useCleanup();

describe('caption stage against the Ollama stand-in', () => {
  test('captions rows with structured output, context in the prompt and provenance per field', async () => {
    const server = await standIn();
    const rows = await makeRows(3);
    const stage = captioner(testSettings([{ url: server.url, slots: 2 }]));
    const outcomes = await captionRows(stage, rows);
    expect(countOutcomes(outcomes)).toMatchObject({ done: 3, needs_review: 0, deferred: 0, quarantined: 0 });
    const captions = outcomes.map((o) => (o.kind === 'done' ? o.value.caption : ''));
    expect(new Set(captions).size).toBe(3);
    const first = outcomes[0]!;
    if (first.kind !== 'done') throw new Error('expected done');
    expect(first.value.keywords).toHaveLength(8);
    expect(first.value.provenance?.caption).toMatchObject({ model: 'qwen2.5vl:7b', host: server.url, attempts: 1, fallback_used: false, options: { temperature: 0.2, num_predict: 320, num_ctx: 4096 } });
    expect(first.value.provenance?.caption.prompt_hash).toMatch(/^[0-9a-f]{16}$/);
    expect(first.value.attempts[0]).toMatchObject({ row_id: 1, attempt: 1, outcome: 'accepted', done_reason: 'stop', reasons: [] });
    const request = server.inferences()[0]!;
    const body = request.body as { format: { required: string[] }; options: { temperature: number; num_predict: number }; stream: boolean };
    expect(body.format.required).toEqual(['caption', 'alt_text', 'keywords']);
    expect(body.options.temperature).toBeLessThanOrEqual(0.3);
    expect(body.options.num_predict).toBe(320);
    expect(body.stream).toBe(true);
    expect((request.body as { think: unknown }).think).toBe(false);
    expect(request.inference?.images).toHaveLength(1);
    expect(request.inference?.prompt).toContain('subject: tulip field');
    expect(request.inference?.prompt).toContain('location: Amsterdam');
    expect(request.inference?.prompt).toContain('category: Flowers');
    expect(request.inference?.prompt).toContain('taken: 2024-04-20, morning');
    expect(request.inference?.prompt).toMatch(/series: image \d of 3/);
  });

  test('two hosts of 2 slots each both serve, and neither ever has more than 2 requests in flight', async () => {
    const a = await standIn({ latencyMs: 150, parallel: 4 });
    const b = await standIn({ latencyMs: 150, parallel: 4 });
    const stage = captioner(testSettings([{ url: a.url, slots: 2 }, { url: b.url, slots: 2 }]));
    const outcomes = await captionRows(stage, await makeRows(16));
    expect(countOutcomes(outcomes).done).toBe(16);
    expect(a.inferences().length).toBeGreaterThan(2);
    expect(b.inferences().length).toBeGreaterThan(2);
    expect(a.maxInFlight()).toBe(2);
    expect(b.maxInFlight()).toBe(2);
  });

  test('the pool keeps each host within its slots (1 and 3) even when callers run more rows at once', async () => {
    const small = await standIn({ latencyMs: 200, parallel: 8 });
    const large = await standIn({ latencyMs: 50, parallel: 8 });
    const stage = captioner(testSettings([{ url: small.url, slots: 1 }, { url: large.url, slots: 3 }]));
    const outcomes = await Promise.all((await makeRows(12)).map((row) => stage.captionRow(row)));
    expect(outcomes.every((o) => o.kind === 'done')).toBe(true);
    expect(small.inferences().length).toBeGreaterThan(0);
    expect(small.maxInFlight()).toBe(1);
    expect(large.maxInFlight()).toBe(3);
  });

  test('a host that is down is skipped: the healthy host serves every row, and no row waits for the dead one', async () => {
    const up = await standIn({ latencyMs: 20 });
    const down = await standIn();
    await down.stop();
    const stage = captioner(testSettings([{ url: down.url, slots: 2 }, { url: up.url, slots: 2 }], { unavailableAfterMs: 60_000 }));
    const outcomes = await captionRows(stage, await makeRows(6));
    expect(countOutcomes(outcomes).done).toBe(6);
    expect(up.inferences()).toHaveLength(6);
    expect(up.maxInFlight()).toBeLessThanOrEqual(2);
    const attempts = outcomes.flatMap((o) => (o.kind === 'done' ? o.value.attempts.map((a) => `${a.host === up.url ? 'up' : 'down'}:${a.outcome}`) : []));
    expect(attempts.filter((a) => a === 'down:unreachable').length).toBeGreaterThan(0);
    expect(attempts.filter((a) => a === 'up:accepted')).toHaveLength(6);
  });

  test('startup check prints processor, context and VRAM from /api/ps after a warm-up', async () => {
    const gpu = await standIn({ processor: 'gpu', contextLength: 8192, sizeBytes: 6 * 1024 ** 3 });
    const cpu = await standIn({ processor: 'cpu' });
    const log = createMemoryLog();
    const report = await captioner(testSettings([{ url: gpu.url, slots: 2 }, { url: cpu.url, slots: 1 }]), { log }).startupCheck();
    expect(report.ok).toBe(true);
    expect(report.lines).toEqual([
      `Ollama startup check: host=${gpu.url} model=qwen2.5vl:7b processor=GPU context=8192 vram=6.0GiB`,
      `Ollama startup check: host=${cpu.url} model=qwen2.5vl:7b processor=CPU context=4096 vram=0.0GiB`,
    ]);
    expect(log.entries.filter((e) => e.message === 'ollama_startup_check').map((e) => e.fields.line)).toEqual(report.lines);
    expect(gpu.requests.map((r) => r.path)).toEqual(['/api/version', '/api/tags', '/api/show', '/api/chat', '/api/ps']);
  });

  test('startup check: a missing model names the ollama pull command; an unreachable host is named', async () => {
    const server = await standIn({ name: 'llava:7b' });
    const missing = await captioner(testSettings([{ url: server.url, slots: 2 }])).startupCheck();
    expect(missing.ok).toBe(false);
    expect(missing.notice).toBe(`Caption prefill skipped for this run: model qwen2.5vl:7b (primary) is not installed on ${server.url}; run: ollama pull qwen2.5vl:7b. Rows stay Queued; a later run or resume captions them.`);
    await server.stop();
    const down = await captioner(testSettings([{ url: server.url, slots: 2 }])).startupCheck();
    expect(down.ok).toBe(false);
    expect(down.notice).toContain(`Ollama is not reachable at ${server.url} (ECONNREFUSED)`);
  });

  test('a host URL that is not an Ollama API is reported, and the client prints nothing to the console', async () => {
    const server = await standIn();
    const spy = vi.spyOn(console, 'log');
    defer(() => spy.mockRestore());
    const report = await captioner(testSettings([{ url: `${server.url}/nope`, slots: 1 }])).startupCheck();
    expect(report.ok).toBe(false);
    expect(report.notice).toContain(`${server.url}/nope does not answer like Ollama: Ollama at ${server.url}/nope answered 404: 404 page not found`);
    expect(spy).not.toHaveBeenCalled();
  });

  test('the model image can be a file path; an unreadable one fails only that row (SOURCE_MISSING)', async () => {
    const server = await standIn();
    const dir = createTempDir();
    defer(() => dir.remove());
    const [a, b] = await makeRows(2);
    const file = dir.write('model.jpg', a!.image as Uint8Array);
    const stage = captioner(testSettings([{ url: server.url, slots: 2 }]));
    const outcomes = await captionRows(stage, [{ ...a!, image: file }, { ...b!, image: dir.join('missing.jpg') }]);
    expect(outcomes.map((o) => (o.kind === 'failed' ? o.error.code : o.kind))).toEqual(['done', 'SOURCE_MISSING']);
    expect(server.inferences()[0]!.inference!.images[0]).toBe(Buffer.from(a!.image as Uint8Array).toString('base64'));
  });

  test('a text-only model is never used for captions: refused at startup, and a 400 from it mid-run moves to the fallback', async () => {
    const server = await standIn({ name: 'llama3.2:3b', capabilities: ['completion'] }, [{ name: 'qwen2.5vl:7b', parallel: 2 }]);
    const startup = await captioner(testSettings([{ url: server.url, slots: 1 }], { model: 'llama3.2:3b' })).startupCheck();
    expect(startup.ok).toBe(false);
    expect(startup.notice).toContain(`model llama3.2:3b on ${server.url} has no vision capability; configure a vision model`);
    const alone = await captionRows(captioner(testSettings([{ url: server.url, slots: 1 }], { model: 'llama3.2:3b' })), await makeRows(2));
    expect(alone.map((o) => o.kind === 'deferred' && o.reason)).toEqual(Array(2).fill('model llama3.2:3b cannot read images; configure a vision model (caption.model)'));
    const withFallback = await captionRows(captioner(testSettings([{ url: server.url, slots: 1 }], { model: 'llama3.2:3b', fallbackModel: 'qwen2.5vl:7b' })), await makeRows(2));
    expect(countOutcomes(withFallback).done).toBe(2);
    const first = withFallback[0]!;
    expect(first.kind === 'done' && first.value.attempts.map((a) => `${a.model}:${a.outcome}:${a.reasons.join()}`)).toEqual(['llama3.2:3b:model_missing:model_not_vision', 'qwen2.5vl:7b:accepted:']);
  });

  test('captioning switched off: every row is skipped with caption_skipped and no request is made', async () => {
    const server = await standIn();
    const stage = captioner(testSettings([{ url: server.url, slots: 2 }], { enabled: false }));
    const outcomes = await captionRows(stage, await makeRows(2));
    expect(outcomes).toEqual([{ kind: 'skipped', reason: 'caption_skipped' }, { kind: 'skipped', reason: 'caption_skipped' }]);
    expect(server.requests).toHaveLength(0);
  });
});
