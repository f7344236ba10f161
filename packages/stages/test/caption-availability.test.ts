import { describe, expect, test } from 'vitest';
import type { StandInInference } from '@proofsheet/testkit';
import type { CaptionRowInput } from '../src/index.js';
import { captionRows, countOutcomes, createMemoryLog, makeRows, probesOf, testSettings, useCleanup, waitFor } from './caption-helpers.js';

const { standIn, captioner } = useCleanup();

/** Matches requests carrying this row's image. */
function imageOf(row: CaptionRowInput): (r: StandInInference) => boolean {
  const b64 = Buffer.from(row.image as Uint8Array).toString('base64');
  return (r) => r.images[0] === b64;
}

describe('Ollama unavailable', () => {
  test('unreachable: no row fails, rows stay deferred, the stage probes with backoff and stops with a clear message', async () => {
    const server = await standIn();
    await server.stop();
    const log = createMemoryLog();
    const stage = captioner(testSettings([{ url: server.url, slots: 2 }], { unavailableAfterMs: 1200, probeInitialMs: 50, probeMaxMs: 200 }), { log });
    const rows = await makeRows(4);
    const started = Date.now();
    const outcomes = await captionRows(stage, rows);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1150);
    expect(countOutcomes(outcomes)).toEqual({ done: 0, needs_review: 0, quarantined: 0, deferred: 4, skipped: 0, failed: 0 });
    const stopped = log.entries.find((e) => e.message === 'caption_stage_stopped')?.fields.message;
    expect(stopped).toMatch(new RegExp(`^Ollama unreachable at ${server.url} for 1\\.2 s \\(probed \\d+ times with backoff\\); caption stage stopped, remaining rows stay Queued$`));
    for (const outcome of outcomes) expect(outcome.kind === 'deferred' && outcome.reason).toBe(stopped);
    const probes = probesOf(log);
    expect(probes.map((p) => p.delay_ms).slice(0, 3)).toEqual([50, 100, 200]);
    expect(probes.slice(3).every((p) => p.delay_ms === 200)).toBe(true);
    expect(probes.every((p) => !p.ok)).toBe(true);
    expect(log.entries.map((e) => e.message)).toContain('ollama_unavailable_pausing');
    expect(server.requests).toHaveLength(0);
  });

  test('starting the server during the pause lets the run finish', async () => {
    const server = await standIn();
    await server.stop();
    const log = createMemoryLog();
    const stage = captioner(testSettings([{ url: server.url, slots: 2 }], { unavailableAfterMs: 20_000, probeInitialMs: 50, probeMaxMs: 100 }), { log });
    const running = captionRows(stage, await makeRows(4));
    await waitFor(() => probesOf(log).length >= 2);
    await server.start();
    const outcomes = await running;
    expect(countOutcomes(outcomes).done).toBe(4);
    expect(log.entries.map((e) => e.message)).not.toContain('caption_stage_stopped');
    expect(probesOf(log).at(-1)?.ok).toBe(true);
    expect(probesOf(log).filter((p) => !p.ok).length).toBeGreaterThan(0);
  });

  test('a host that goes away mid-run pauses the stage instead of burning rows', async () => {
    const server = await standIn({ latencyMs: 100 });
    const rows = await makeRows(4);
    server.script({ match: imageOf(rows[1]!), times: 1, behaviour: { kind: 'hang' } });
    const log = createMemoryLog();
    const stage = captioner(testSettings([{ url: server.url, slots: 1 }], { unavailableAfterMs: 20_000, probeInitialMs: 40, probeMaxMs: 80, idleTimeoutMs: 30_000 }), { log });
    const running = captionRows(stage, rows);
    await waitFor(() => server.inferences().some((r) => r.behaviour === 'hang'));
    await server.stop();
    await waitFor(() => probesOf(log).length > 0);
    await server.start();
    const outcomes = await running;
    expect(countOutcomes(outcomes)).toMatchObject({ done: 4, quarantined: 0, failed: 0 });
    const second = outcomes[1]!;
    expect(second.kind === 'done' && second.value.attempts.map((a) => a.outcome)).toEqual(['unreachable', 'accepted']);
  });
});

describe('cancellation', () => {
  test('aborting the run defers the rows in flight and the rest; nothing fails', async () => {
    const server = await standIn({ latencyMs: 300 });
    const stage = captioner(testSettings([{ url: server.url, slots: 2 }], { idleTimeoutMs: 30_000 }));
    server.script({ behaviour: { kind: 'hang' } });
    const controller = new AbortController();
    const rows = await makeRows(5);
    const running = captionRows(stage, rows, controller.signal);
    await waitFor(() => server.inferences().length === 2);
    controller.abort();
    const outcomes = await running;
    expect(countOutcomes(outcomes)).toEqual({ done: 0, needs_review: 0, quarantined: 0, deferred: 5, skipped: 0, failed: 0 });
    expect(outcomes.map((o) => o.kind === 'deferred' && o.reason)).toEqual(Array(5).fill('interrupted'));
    await waitFor(() => server.inferences().every((r) => r.finishedAt !== undefined));
    expect(server.inferences().map((r) => r.status)).toEqual([undefined, undefined]);
  });
});

describe('watchdogs and quarantine', () => {
  test('a hang ends by idle timeout; three of them quarantine the row while the others finish', async () => {
    const server = await standIn();
    const rows = await makeRows(4);
    server.script({ match: imageOf(rows[2]!), behaviour: { kind: 'hang' } });
    const stage = captioner(testSettings([{ url: server.url, slots: 2 }], { idleTimeoutMs: 800, hardTimeoutMs: 10_000 }));
    const outcomes = await captionRows(stage, rows);
    expect(countOutcomes(outcomes)).toMatchObject({ done: 3, quarantined: 1, deferred: 0, failed: 0 });
    const q = outcomes[2]!;
    if (q.kind !== 'quarantined') throw new Error(`expected quarantined, got ${q.kind}`);
    expect(q.reasons).toEqual(['idle_timeout', 'idle_timeout', 'idle_timeout']);
    expect(q.error.code).toBe('CAPTION_QUARANTINED');
    expect(q.error.details).toMatchObject({ last_code: 'CAPTION_TIMEOUT' });
    expect(q.error.message).toBe('row 3 timed out 3 times (idle_timeout, idle_timeout, idle_timeout); quarantined');
    expect(q.attempts.map((a) => [a.outcome, a.error_code])).toEqual(Array(3).fill(['idle_timeout', 'CAPTION_TIMEOUT']));
  });

  test('a stream that stalls after a few tokens ends by idle timeout; the retry succeeds', async () => {
    const server = await standIn();
    server.script({ times: 1, behaviour: { kind: 'stall', afterTokens: 3 } });
    const stage = captioner(testSettings([{ url: server.url, slots: 1 }], { idleTimeoutMs: 800 }));
    const outcome = await stage.captionRow((await makeRows(1))[0]!);
    if (outcome.kind !== 'done') throw new Error(`expected done, got ${outcome.kind}`);
    expect(outcome.value.attempts.map((a) => [a.outcome, a.reasons])).toEqual([['idle_timeout', ['idle_timeout']], ['accepted', []]]);
    expect(server.inferences()[0]!.finishedAt).toBeDefined();
  });

  test('a slow stream keeps the idle timer alive but hits the hard timeout; the retry succeeds', async () => {
    const server = await standIn();
    const rows = await makeRows(1);
    server.script({ times: 1, behaviour: { kind: 'slow', tokensPerSecond: 5 } });
    const stage = captioner(testSettings([{ url: server.url, slots: 1 }], { idleTimeoutMs: 2000, hardTimeoutMs: 2500 }));
    const outcome = await stage.captionRow(rows[0]!);
    if (outcome.kind !== 'done') throw new Error(`expected done, got ${outcome.kind}`);
    expect(outcome.value.attempts.map((a) => a.outcome)).toEqual(['hard_timeout', 'accepted']);
    expect(outcome.value.attempts[0]!.duration_ms).toBeGreaterThanOrEqual(2450);
    expect(server.inferences()[0]!.finishedAt! - server.inferences()[0]!.receivedAt).toBeLessThan(4000);
  });

  test('three crashes of the same row (socket dropped, runner error line, stream without done) quarantine it; other rows finish', async () => {
    const server = await standIn();
    const rows = await makeRows(3);
    const match = imageOf(rows[0]!);
    server.script({ match, times: 1, behaviour: { kind: 'crash', afterTokens: 3 } });
    server.script({ match, times: 1, behaviour: { kind: 'error_line', afterTokens: 2, error: 'model runner has unexpectedly stopped, this may be due to resource limitations or an internal error, check ollama server logs for details' } });
    server.script({ match, times: 1, behaviour: { kind: 'repeat_cutoff' } });
    const stage = captioner(testSettings([{ url: server.url, slots: 2 }]));
    const outcomes = await captionRows(stage, rows);
    expect(countOutcomes(outcomes)).toMatchObject({ done: 2, quarantined: 1 });
    const q = outcomes[0]!;
    if (q.kind !== 'quarantined') throw new Error(`expected quarantined, got ${q.kind}`);
    expect(q.reasons).toEqual(['connection_lost', 'runner_error', 'stream_incomplete']);
    expect(q.error.details).toMatchObject({ last_code: 'CAPTION_CRASH' });
    expect(q.error.message).toContain('crashed the model 3 times');
  });
});
