// This test proves the stand-in against the real client and real images; testkit is test-only, so
// the one-owner rules for ollama and sharp (product code) do not apply here.
import { Ollama } from 'ollama';
import sharp from 'sharp';
import { afterEach, describe, expect, test } from 'vitest';
import { createOllamaStandIn, type OllamaStandIn, type StandInOptions } from './stand-in.js';

const servers: OllamaStandIn[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) await s.close();
});

async function start(options: Partial<StandInOptions> = {}): Promise<OllamaStandIn> {
  const server = await createOllamaStandIn({ models: [{ name: 'qwen2.5vl:7b' }, { name: 'llama3.2:3b', capabilities: ['completion'] }], ...options });
  servers.push(server);
  return server;
}

async function raw(server: OllamaStandIn, path: string, init: RequestInit = {}): Promise<{ status: number; type: string | null; text: string }> {
  const res = await fetch(`${server.url}${path}`, init);
  return { status: res.status, type: res.headers.get('content-type'), text: await res.text() };
}

const post = (body: string): RequestInit => ({ method: 'POST', body, headers: { 'Content-Type': 'application/json' } });

async function jpeg(r: number, g: number, b: number): Promise<string> {
  return (await sharp({ create: { width: 32, height: 32, channels: 3, background: { r, g, b } } }).jpeg().toBuffer()).toString('base64');
}

describe('Ollama stand-in: protocol', () => {
  test('simple endpoints answer with the real shapes', async () => {
    const server = await start();
    const client = new Ollama({ host: server.url });
    expect(await raw(server, '/')).toEqual({ status: 200, type: 'text/plain; charset=utf-8', text: 'Ollama is running' });
    expect((await client.version()).version).toBe('0.32.15');
    const tags = await client.list();
    expect(tags.models.map((m) => [m.name, (m as unknown as { capabilities: string[] }).capabilities])).toEqual([['qwen2.5vl:7b', ['completion', 'vision']], ['llama3.2:3b', ['completion']]]);
    expect(tags.models[0]!.digest).toMatch(/^[0-9a-f]{64}$/);
    expect((await client.ps()).models).toEqual([]);
    const show = await client.show({ model: 'qwen2.5vl:7b' });
    expect(show.capabilities).toEqual(['completion', 'vision']);
    expect((show.model_info as unknown as Record<string, unknown>)['qwen25vl.context_length']).toBe(128000);
  });

  test('chat, streaming and not, with a load request first; /api/ps then lists the model', async () => {
    const server = await start({ models: [{ name: 'qwen2.5vl:7b', processor: 'split', contextLength: 8192 }] });
    const client = new Ollama({ host: server.url });
    const load = await client.chat({ model: 'qwen2.5vl:7b', messages: [], stream: false });
    expect(load).toMatchObject({ done: true, done_reason: 'load', message: { role: 'assistant', content: '' } });
    const ps = (await client.ps()).models[0] as unknown as { size: number; size_vram: number; context_length: number };
    expect(ps.context_length).toBe(8192);
    expect(ps.size_vram).toBeLessThan(ps.size);
    const image = await jpeg(200, 30, 30);
    const once = await client.chat({ model: 'qwen2.5vl:7b', messages: [{ role: 'user', content: 'describe', images: [image] }], format: 'json', stream: false });
    expect(once).toMatchObject({ done: true, done_reason: 'stop', message: { role: 'assistant' } });
    expect(JSON.parse(once.message.content)).toMatchObject({ caption: expect.stringContaining('red') });
    const stream = await client.chat({ model: 'qwen2.5vl:7b', messages: [{ role: 'user', content: 'describe', images: [image] }], stream: true });
    const parts = [];
    for await (const part of stream) parts.push(part);
    expect(parts.length).toBeGreaterThan(3);
    expect(parts.slice(0, -1).every((p) => p.done === false && p.done_reason === undefined && p.eval_count === undefined)).toBe(true);
    expect(parts.at(-1)).toMatchObject({ done: true, done_reason: 'stop', eval_count: parts.length - 1 });
    expect(parts.map((p) => p.message.content).join('')).toBe(once.message.content.length > 0 ? JSON.parse(once.message.content).caption : '');
  });

  test('generate: final object carries context; num_predict cuts the answer with done_reason length', async () => {
    const server = await start();
    const client = new Ollama({ host: server.url });
    const full = await client.generate({ model: 'qwen2.5vl:7b', prompt: 'describe', images: [await jpeg(20, 40, 200)], stream: false });
    expect(full).toMatchObject({ done: true, done_reason: 'stop', context: [1, 2, 3] });
    expect(full.response).toContain('blue');
    const cut = await client.generate({ model: 'qwen2.5vl:7b', prompt: 'describe', options: { num_predict: 3 }, stream: false });
    expect(cut).toMatchObject({ done_reason: 'length', eval_count: 3 });
  });

  test('different photos get different default answers', async () => {
    const server = await start();
    const client = new Ollama({ host: server.url });
    const ask = async (image: string) => (await client.chat({ model: 'qwen2.5vl:7b', messages: [{ role: 'user', content: 'x', images: [image] }], format: 'json', stream: false })).message.content;
    const answers = await Promise.all([ask(await jpeg(250, 250, 250)), ask(await jpeg(10, 10, 10)), ask(await jpeg(30, 160, 60))]);
    expect(new Set(answers).size).toBe(3);
    expect(answers[0]).toContain('bright white');
    expect(answers[1]).toContain('dim black');
  });

  test('errors: status codes and exact strings of the real server', async () => {
    const server = await start();
    const eraA = await start({ era: 'A' });
    const client = new Ollama({ host: server.url });
    await expect(client.chat({ model: 'llava', messages: [{ role: 'user', content: 'x' }] })).rejects.toMatchObject({ name: 'ResponseError', status_code: 404, error: "model 'llava' not found" });
    await expect(client.show({ model: 'llava' })).rejects.toMatchObject({ status_code: 404, error: "model 'llava:latest' not found" });
    await expect(new Ollama({ host: eraA.url }).show({ model: 'llava' })).rejects.toMatchObject({ status_code: 404, error: "model 'llava' not found" });
    expect(await raw(server, '/api/chat', post('{"messages":[]}'))).toMatchObject({ status: 400, text: '{"error":"model is required"}' });
    expect(await raw(server, '/api/generate', post('{"prompt":"x"}'))).toMatchObject({ status: 404, text: `{"error":"model '' not found"}` });
    expect(await raw(server, '/api/chat', post(''))).toMatchObject({ status: 400, type: 'application/json; charset=utf-8', text: '{"error":"missing request body"}' });
    expect(await raw(server, '/api/chat', post('xyz'))).toMatchObject({ status: 400, text: `{"error":"invalid character 'x' looking for beginning of value"}` });
    expect(await raw(server, '/api/nope')).toEqual({ status: 404, type: 'text/plain; charset=utf-8', text: '404 page not found' });
    expect(await raw(server, '/api/chat')).toMatchObject({ status: 405, text: '405 method not allowed' });
    const badImage = JSON.stringify({ model: 'qwen2.5vl:7b', messages: [{ role: 'user', content: 'x', images: ['data:image/png;base64,AAAA'] }] });
    expect(await raw(server, '/api/chat', post(badImage))).toMatchObject({ status: 400, text: '{"error":"illegal base64 data at input byte 4"}' });
    const textOnly = { model: 'llama3.2:3b', messages: [{ role: 'user', content: 'x', images: [await jpeg(1, 2, 3)] }], stream: false as const };
    await expect(client.chat(textOnly)).rejects.toMatchObject({ status_code: 400, error: 'Multimodal data provided, but model does not support multimodal requests.' });
    expect((await new Ollama({ host: eraA.url }).chat(textOnly)).done).toBe(true);
    await expect(client.chat({ model: 'qwen2.5vl:7b', messages: [{ role: 'user', content: 'x' }], format: 'xml' })).rejects.toMatchObject({ status_code: 500, error: 'invalid format: "\\"xml\\""; expected "json" or a valid JSON Schema object' });
    await expect(client.chat({ model: 'qwen2.5vl:7b', messages: [{ role: 'user', content: 'x' }], think: true })).rejects.toMatchObject({ status_code: 400, error: '"qwen2.5vl:7b" does not support thinking' });
  });
});

describe('Ollama stand-in: scripting, slots and lifecycle', () => {
  test('requests beyond the parallel slots queue (no 503) and in-flight counts are recorded', async () => {
    const server = await start({ models: [{ name: 'qwen2.5vl:7b', parallel: 1, latencyMs: 80 }] });
    const client = new Ollama({ host: server.url });
    const t0 = Date.now();
    await Promise.all([1, 2, 3].map(() => client.chat({ model: 'qwen2.5vl:7b', messages: [{ role: 'user', content: 'x' }] })));
    expect(Date.now() - t0).toBeGreaterThanOrEqual(230);
    expect(server.maxInFlight('qwen2.5vl:7b')).toBe(3);
    expect(server.inferences().map((r) => r.status)).toEqual([200, 200, 200]);
  });

  test('scripted failures: status, mid-stream error line, crash, cut-off stream', async () => {
    const server = await start();
    const client = new Ollama({ host: server.url });
    const ask = async () => {
      const stream = await client.chat({ model: 'qwen2.5vl:7b', messages: [{ role: 'user', content: 'x' }], stream: true });
      for await (const _ of stream) void _;
    };
    server.script({ times: 1, behaviour: { kind: 'status', status: 500, error: 'llama-server process has terminated: exit status 1' } });
    server.script({ times: 1, behaviour: { kind: 'error_line', afterTokens: 2, error: 'an error was encountered while running the model' } });
    server.script({ times: 1, behaviour: { kind: 'crash', afterTokens: 2 } });
    server.script({ times: 1, behaviour: { kind: 'repeat_cutoff' } });
    await expect(ask()).rejects.toMatchObject({ status_code: 500, error: 'llama-server process has terminated: exit status 1' });
    await expect(ask()).rejects.toThrow('an error was encountered while running the model');
    await expect(ask()).rejects.toThrow(/terminated|other side closed|socket/i);
    await expect(ask()).rejects.toThrow('Did not receive done or success response in stream.');
    await ask();
    expect(server.inferences().map((r) => r.behaviour)).toEqual(['status', 'error_line', 'crash', 'repeat_cutoff', 'default']);
  });

  test('before v0.12.6, an early failure of a streaming request is a 200 with an error line', async () => {
    const server = await start({ earlyStreamErrorsAsLines: true });
    server.script({ times: 1, behaviour: { kind: 'status', status: 500, error: 'llama runner process has terminated: exit status 2' } });
    const body = JSON.stringify({ model: 'qwen2.5vl:7b', messages: [{ role: 'user', content: 'x' }] });
    expect(await raw(server, '/api/chat', post(body))).toEqual({ status: 200, type: 'application/x-ndjson', text: '{"error":"llama runner process has terminated: exit status 2"}\n' });
  });

  test('a stopped server refuses connections and starts again on the same port', async () => {
    const server = await start();
    const client = new Ollama({ host: server.url });
    await server.stop();
    await expect(client.version()).rejects.toMatchObject({ cause: { code: 'ECONNREFUSED' } });
    await server.start();
    expect((await client.version()).version).toBe('0.32.15');
  });
});
