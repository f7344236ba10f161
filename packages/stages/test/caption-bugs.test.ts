import assert from 'node:assert';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, test } from 'vitest';
import { ProofsheetError } from '@proofsheet/core';
import { toOllamaError } from '../src/caption/ollama-client.js';
import type { CaptionLog, ExistingTexts } from '../src/index.js';
import { createMemoryLog, makeRows, testSettings, useCleanup, waitFor } from './caption-helpers.js';

// Issue 12 item 5: our own bugs must never look like Ollama outages. A recognised network or
// driver failure defers or quarantines a row; anything else is INTERNAL and reaches the caller.

const { standIn, captioner, defer } = useCleanup();

const URL_UNUSED = 'http://127.0.0.1:1';
const live = () => new AbortController().signal;

/** What a real call failed with (never a made-up error object). */
async function failureOf(call: () => Promise<unknown>): Promise<unknown> {
  try {
    await call();
  } catch (error) {
    return error;
  }
  throw new Error('the call did not fail');
}

/** A port nothing listens on: a server is bound, its port noted, then closed. */
async function closedPort(): Promise<number> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('toOllamaError: network failures versus bugs, on real error objects', () => {
  test('fetch to a closed port (TypeError "fetch failed", cause ECONNREFUSED) is Ollama being unreachable', async () => {
    const url = `http://127.0.0.1:${await closedPort()}`;
    const error = await failureOf(() => fetch(`${url}/api/version`));
    expect(error).toBeInstanceOf(TypeError);
    const e = toOllamaError(error, url, undefined, live());
    expect([e.code, e.details.reason, e.details.errno]).toEqual(['OLLAMA_UNREACHABLE', 'connection_refused', 'ECONNREFUSED']);
  });

  test('a socket the server closes mid-body (TypeError "terminated", cause UND_ERR_SOCKET) is a lost connection', async () => {
    const server = http.createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/x-ndjson' });
      res.write('{"done":false}\n', () => res.socket?.destroy());
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    defer(() => new Promise((resolve) => server.close(resolve)));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const error = await failureOf(async () => (await fetch(`${url}/api/chat`)).text());
    expect(error).toBeInstanceOf(TypeError);
    const e = toOllamaError(error, url, 'qwen2.5vl:7b', live());
    expect([e.code, e.details.reason]).toEqual(['CAPTION_CRASH', 'connection_lost']);
  });

  test('a TypeError from our own code (no network cause) is INTERNAL, and keeps its cause', async () => {
    const error = await failureOf(async () => (JSON.parse('{}') as { model: { name: string } }).model.name);
    expect(error).toBeInstanceOf(TypeError);
    const e = toOllamaError(error, URL_UNUSED, 'qwen2.5vl:7b', live());
    expect(e.code).toBe('INTERNAL');
    expect(e.kind).toBe('internal');
    expect(e.cause).toBe(error);
  });

  test('a failed assertion (code ERR_ASSERTION) and a RangeError are INTERNAL, not a lost connection', async () => {
    const assertion = await failureOf(async () => assert.strictEqual(1, 2));
    const range = await failureOf(async () => new Array(-1));
    expect(toOllamaError(assertion, URL_UNUSED, undefined, live()).code).toBe('INTERNAL');
    expect(toOllamaError(range, URL_UNUSED, undefined, live()).code).toBe('INTERNAL');
  });

  test("the client's own failures stay Ollama's: an error line is a runner error, a stream without done is incomplete", () => {
    const runner = toOllamaError(new Error('model runner has unexpectedly stopped'), URL_UNUSED, 'm', live());
    const cut = toOllamaError(new Error('Did not receive done or success response in stream.'), URL_UNUSED, 'm', live());
    expect([runner.code, runner.details.reason, cut.code, cut.details.reason]).toEqual(['CAPTION_CRASH', 'runner_error', 'CAPTION_CRASH', 'stream_incomplete']);
  });
});

describe('a bug while captioning propagates instead of deferring or quarantining the row', () => {
  test('a request body that cannot be serialised (a bug) rejects at once: no retries, no quarantine', async () => {
    const server = await standIn();
    // A BigInt where a number belongs: JSON.stringify throws a TypeError inside the client.
    const settings = { ...testSettings([{ url: server.url, slots: 1 }]), temperature: 1n as unknown as number };
    const stage = captioner(settings);
    const input = (await makeRows(1))[0]!;
    const failure = await failureOf(() => stage.captionRow(input));
    expect(failure).toBeInstanceOf(ProofsheetError);
    expect((failure as ProofsheetError).code).toBe('INTERNAL');
    expect((failure as ProofsheetError).cause).toBeInstanceOf(TypeError);
    expect(server.inferences()).toHaveLength(0);
  });

  test('a log that throws while the stage probes a vanished host rejects the row instead of deferring it', async () => {
    const server = await standIn({ latencyMs: 50 });
    server.script({ times: 1, behaviour: { kind: 'hang' } });
    const memory = createMemoryLog();
    const log: CaptionLog = {
      info: (fields, message) => {
        memory.info(fields, message);
        if (message === 'ollama_probe') throw new TypeError("Cannot read properties of undefined (reading 'write')");
      },
      warn: (fields, message) => memory.warn(fields, message),
    };
    const stage = captioner(testSettings([{ url: server.url, slots: 1 }], { unavailableAfterMs: 20_000, probeInitialMs: 20, probeMaxMs: 40, idleTimeoutMs: 30_000 }), { log });
    const row = stage.captionRow((await makeRows(1))[0]!);
    await waitFor(() => server.inferences().length === 1);
    await server.stop();
    const failure = await failureOf(() => row);
    expect(failure).toBeInstanceOf(TypeError);
    expect(memory.entries.map((e) => e.message)).toContain('ollama_host_down');
    await expect(stage.captionRow((await makeRows(1, 1))[0]!)).rejects.toBe(failure);
  });

  test('an existing-texts store that throws stops the row with that error (not a rejected draft, not a deferral)', async () => {
    const server = await standIn();
    const broken: ExistingTexts = { has: () => { throw new RangeError('index out of range'); }, add: () => undefined };
    const stage = captioner(testSettings([{ url: server.url, slots: 1 }]), { existingTexts: broken });
    const failure = await failureOf(async () => stage.captionRow((await makeRows(1))[0]!));
    expect(failure).toBeInstanceOf(RangeError);
    expect(server.inferences()).toHaveLength(1);
  });
});
