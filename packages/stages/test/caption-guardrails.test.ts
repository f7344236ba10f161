import fs from 'node:fs';
import { describe, expect } from 'vitest';
import { GUARDRAIL_BREAKS, test } from '@proofsheet/testkit';
import { buildPrefillQcReport, createExistingTexts, toQcRow, writePrefillQcReport, type PrefillQcReport } from '../src/index.js';
import { captionRows, countOutcomes, makeRows, testSettings, useCleanup } from './caption-helpers.js';

const { standIn, captioner } = useCleanup();

const SHORT = { caption: 'A red tram.', alt_text: 'A red tram waits at a quiet stop near the old harbour wall.', keywords: ['tram', 'harbour', 'stop', 'street', 'city'] };
const GOOD = {
  caption: 'A red tram waits at a quiet stop beside the old harbour wall at dawn.',
  alt_text: 'Street scene with a tram halted next to weathered stone along the water.',
  keywords: ['red tram', 'harbour wall', 'tram stop', 'dawn light', 'stone wall', 'waterfront'],
};

describe('guardrails, retries and fallback', () => {
  test('a failing answer is retried with the reason in the prompt, then the fallback model, then kept as needs_review', async () => {
    const server = await standIn({}, [{ name: 'llava:13b', parallel: 1 }]);
    server.script({ behaviour: { kind: 'payload', payload: SHORT } });
    const stage = captioner(testSettings([{ url: server.url, slots: 1 }], { fallbackModel: 'llava:13b' }));
    const [row] = await makeRows(1);
    const outcome = await stage.captionRow(row!);
    if (outcome.kind !== 'needs_review') throw new Error(`expected needs_review, got ${outcome.kind}`);
    expect(outcome.reasons).toEqual(['caption_too_short']);
    expect(outcome.value.caption).toBe(SHORT.caption);
    expect(outcome.value.attempts.map((a) => `${a.model}:${a.outcome}`)).toEqual([
      'qwen2.5vl:7b:rejected', 'qwen2.5vl:7b:rejected', 'qwen2.5vl:7b:rejected', 'llava:13b:rejected', 'llava:13b:rejected', 'llava:13b:rejected',
    ]);
    expect(outcome.value.provenance?.caption).toMatchObject({ attempts: 6 });
    const prompts = server.inferences().map((r) => r.inference!.prompt);
    expect(prompts[0]).not.toContain('rejected');
    expect(prompts[1]).toContain('Your previous answer was rejected for these reasons:\n- caption_too_short: the caption needs at least 8 words');
    expect(prompts[3]).not.toContain('rejected');
    expect(server.inferences('llava:13b')).toHaveLength(3);
  });

  test('each guardrail, broken by the model, is caught with its named reason and fixed on the retry', async () => {
    const server = await standIn({ parallel: 4 });
    const rows = await makeRows(GUARDRAIL_BREAKS.length);
    GUARDRAIL_BREAKS.forEach((rule, i) => {
      const image = Buffer.from(rows[i]!.image as Uint8Array).toString('base64');
      server.script({ match: (r) => r.images[0] === image, times: 1, behaviour: { kind: 'break', rule } });
    });
    const stage = captioner(testSettings([{ url: server.url, slots: 4 }]));
    const outcomes = await captionRows(stage, rows);
    const seen = outcomes.map((o) => (o.kind === 'done' ? o.value.attempts.map((a) => a.reasons) : o.kind));
    expect(seen).toEqual(GUARDRAIL_BREAKS.map((rule) => [[rule], []]));
    const retries = server.inferences().filter((r) => r.inference!.prompt.includes('Your previous answer was rejected'));
    expect(retries).toHaveLength(GUARDRAIL_BREAKS.length);
  });

  test('the fallback model rescues a row the primary model cannot caption', async () => {
    const server = await standIn({}, [{ name: 'llava:13b', parallel: 1 }]);
    server.script({ model: 'qwen2.5vl:7b', behaviour: { kind: 'payload', payload: { ...GOOD, keywords: ['photo', 'image', 'tram', 'harbour', 'canon eos r5'] } } });
    const stage = captioner(testSettings([{ url: server.url, slots: 1 }], { fallbackModel: 'llava:13b', maxAttempts: 2 }));
    const outcome = await stage.captionRow((await makeRows(1))[0]!);
    if (outcome.kind !== 'done') throw new Error(`expected done, got ${outcome.kind}`);
    expect(outcome.value.attempts.map((a) => a.reasons)).toEqual([['keyword_filler', 'camera_token'], ['keyword_filler', 'camera_token'], []]);
    expect(outcome.value.provenance?.keywords).toMatchObject({ model: 'llava:13b', fallback_used: true, attempts: 3 });
  });

  test('invalid JSON, schema-violating JSON and runaway output are retried with named reasons', async () => {
    const server = await standIn();
    server.script({ times: 1, behaviour: { kind: 'invalid_json' } });
    server.script({ times: 1, behaviour: { kind: 'schema_violation' } });
    server.script({ times: 1, behaviour: { kind: 'runaway' } });
    const stage = captioner(testSettings([{ url: server.url, slots: 1 }], { maxAttempts: 4, numPredict: 40 }));
    const outcome = await stage.captionRow((await makeRows(1))[0]!);
    if (outcome.kind !== 'done') throw new Error(`expected done, got ${outcome.kind}`);
    expect(outcome.value.attempts.map((a) => [a.reasons, a.done_reason])).toEqual([[['invalid_json'], 'stop'], [['schema_violation'], 'stop'], [['output_truncated'], 'length'], [[], 'stop']]);
    expect(server.inferences()[2]!.inference!.prompt).toContain('- schema_violation:');
  });

  test('duplicate captions across rows are caught, also against texts already in the queue', async () => {
    const server = await standIn();
    const rows = await makeRows(3);
    server.script({ match: (r) => r.images[0] === Buffer.from(rows[2]!.image as Uint8Array).toString('base64'), times: 1, behaviour: { kind: 'payload', payload: { ...GOOD, caption: 'a quiet canal at night reflects the lamps of the old houses along the water', alt_text: 'Lamps from narrow houses shine on dark water between moored boats.' } } });
    server.script({ times: 2, behaviour: { kind: 'payload', payload: GOOD } });
    const existing = createExistingTexts({ captions: ['A quiet canal at night reflects the lamps of the old houses along the water.'] });
    const stage = captioner(testSettings([{ url: server.url, slots: 1 }]), { existingTexts: existing });
    const outcomes = await captionRows(stage, rows);
    expect(countOutcomes(outcomes).done).toBe(3);
    const [first, second, third] = outcomes.map((o) => (o.kind === 'done' ? o.value : undefined));
    expect(first!.caption).toBe(GOOD.caption);
    expect(second!.attempts[0]!.reasons).toEqual(['caption_duplicate', 'alt_duplicate']);
    expect(second!.caption).not.toBe(GOOD.caption);
    expect(third!.attempts[0]!.reasons).toEqual(['caption_duplicate']);
    expect(server.inferences()[2]!.inference!.prompt).toContain('- caption_duplicate: another photo already has this caption');
    expect(server.inferences()[2]!.inference!.prompt).toContain('- alt_duplicate: another photo already has this alt text');
    expect(existing.has('caption', second!.caption)).toBe(true);
  });

  test('the prefill QC report counts planted duplicates, caption == alt and short texts, and is written to both paths', async ({ tmp }) => {
    const server = await standIn();
    const rows = await makeRows(6);
    const same = { caption: 'Morning light falls across a quiet square with a fountain and two benches.', alt_text: 'A fountain and two benches stand in a small paved square at sunrise.', keywords: ['fountain', 'benches', 'square', 'morning light', 'paving'] };
    server.script({ times: 2, behaviour: { kind: 'payload', payload: same } });
    server.script({ times: 1, behaviour: { kind: 'payload', payload: { ...same, caption: 'A lone heron stands still in shallow water beside tall reeds.', alt_text: 'A lone heron stands still in shallow water beside tall reeds.' } } });
    server.script({ times: 1, behaviour: { kind: 'payload', payload: { ...same, caption: 'Boats.', alt_text: 'Fishing boats lie on the sand below a row of white houses.' } } });
    const stage = captioner(testSettings([{ url: server.url, slots: 1 }], { maxAttempts: 1 }));
    const outcomes = await captionRows(stage, rows);
    expect(countOutcomes(outcomes)).toMatchObject({ done: 3, needs_review: 3 });
    const report = buildPrefillQcReport(outcomes.map((o, i) => toQcRow(rows[i]!, o)), new Date('2026-11-22T10:00:00Z'));
    const files = [tmp.join('logs/runs/run_1/prefill_qc.json'), tmp.join('data/prefill_qc_last.json')];
    await writePrefillQcReport(report, files);
    for (const file of files) {
      const written = JSON.parse(fs.readFileSync(file, 'utf8')) as PrefillQcReport;
      expect(written.summary).toMatchObject({
        row_count: 6, caption_dup_groups: 1, caption_dup_rows: 2, alt_dup_groups: 1, alt_dup_rows: 2, keywords_dup_groups: 1, keywords_dup_rows: 4,
        caption_alt_equal_rows: 1, caption_too_short_rows: 1, needs_review_rows: 3, flagged_rows_total: 4, sample_ids: [1, 2, 3, 4],
      });
      expect(written.flagged.find((f) => f.id === 3)?.reasons).toEqual(['duplicate_keywords_signature', 'caption_equals_alt', 'alt_equals_caption']);
    }
  });
});
