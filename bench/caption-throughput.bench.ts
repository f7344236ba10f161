// Caption throughput: 40 rows against two Ollama stand-ins (2 slots each, 400 ms per answer).
// Target (issue 7): the stage finishes within 1.3x the ideal 40 x 0.4 s / 4 slots = 4.0 s.
// Reference measured in the same run: the same 40 requests sent straight to the stand-ins with
// plain fetch, 4 at a time (what the servers themselves allow), so the report also shows the
// stage's own overhead apart from machine noise. Both are repeated (reference, then stage, each
// on fresh stand-ins) and reported as min / median / max. BENCH_QUICK=1: 8 rows, 2 runs.
import sharp from 'sharp';
import { runRowFlow } from '@proofsheet/pipeline';
import { CAPTION_DEFAULTS, createCaptioner, type CaptionRowInput } from '@proofsheet/stages';
// The stand-in module directly: testkit's index also loads vitest fixtures, which need the vitest runner.
import { createOllamaStandIn, type OllamaStandIn } from '../packages/testkit/src/ollama-stand-in/index.js';
import { describeMachine, formatStats, packageVersion, QUICK, regenerateLine, scaleStats, toStats, verdict, writeSection } from './lib/report-format.js';

const ROWS = QUICK ? 8 : 40;
const RUNS = QUICK ? 2 : 3;
const LATENCY_MS = 400;
const SLOTS_PER_HOST = 2;
const HOSTS = 2;
const TARGET_RATIO = 1.3;
const MODEL = 'qwen2.5vl:7b';

async function makeRows(): Promise<CaptionRowInput[]> {
  return Promise.all(Array.from({ length: ROWS }, async (_, i) => ({
    id: i + 1,
    fileName: `bench_${i + 1}.jpg`,
    image: await sharp({ create: { width: 96, height: 64, channels: 3, background: { r: (i * 53) % 256, g: (i * 97) % 256, b: (i * 31) % 256 } } }).jpeg().toBuffer(),
    subject: 'harbour', location: 'Lisbon', category: 'Travel', dateTime: '2024:06:01 10:00:00', series: { position: i + 1, count: ROWS },
  })));
}

async function startHosts(): Promise<OllamaStandIn[]> {
  return Promise.all(Array.from({ length: HOSTS }, () => createOllamaStandIn({ models: [{ name: MODEL, parallel: SLOTS_PER_HOST, latencyMs: LATENCY_MS }] })));
}

/** The reference: plain concurrent chat requests, one worker per slot. */
async function runReference(hosts: OllamaStandIn[], rows: CaptionRowInput[]): Promise<number> {
  const t0 = performance.now();
  let next = 0;
  const worker = async (host: OllamaStandIn) => {
    while (next < rows.length) {
      const row = rows[next++]!;
      const body = { model: MODEL, stream: false, format: 'json', messages: [{ role: 'user', content: 'describe', images: [Buffer.from(row.image as Uint8Array).toString('base64')] }] };
      await (await fetch(`${host.url}/api/chat`, { method: 'POST', body: JSON.stringify(body) })).json();
    }
  };
  await Promise.all(hosts.flatMap((h) => Array.from({ length: SLOTS_PER_HOST }, () => worker(h))));
  return performance.now() - t0;
}

async function runStage(hosts: OllamaStandIn[], rows: CaptionRowInput[]): Promise<{ ms: number; done: number; perHost: number[]; maxInFlight: number[] }> {
  const stage = createCaptioner({
    ...CAPTION_DEFAULTS, enabled: true, model: MODEL, fallbackModel: null, keywords: 8, maxAttempts: 3,
    hosts: hosts.map((h) => ({ url: h.url, slots: SLOTS_PER_HOST })),
    idleTimeoutMs: 30_000, hardTimeoutMs: 60_000, quarantineAfter: 3, unavailableAfterMs: 10_000,
  });
  const before = hosts.map((h) => h.inferences().length);
  const t0 = performance.now();
  // As the pipeline's caption step runs it: one captionRow per row, as many at once as there are slots.
  let done = 0;
  const slots = stage.settings.hosts.reduce((n, h) => n + h.slots, 0);
  await runRowFlow({
    rows,
    startIndex: () => 0,
    stages: [{ name: 'caption', concurrency: slots, handle: async (row) => ((await stage.captionRow(row)).kind === 'done' && (done += 1), { next: true }) }],
  });
  const ms = performance.now() - t0;
  stage.close();
  return { ms, done, perHost: hosts.map((h, i) => h.inferences().length - before[i]!), maxInFlight: hosts.map((h) => h.maxInFlight()) };
}

async function main(): Promise<void> {
  const rows = await makeRows();
  const referenceMs: number[] = [];
  const stageMs: number[] = [];
  const perHost = Array.from({ length: HOSTS }, () => 0);
  const maxInFlight = Array.from({ length: HOSTS }, () => 0);
  let done = 0;
  for (let run = 0; run < RUNS; run += 1) {
    const referenceHosts = await startHosts();
    referenceMs.push(await runReference(referenceHosts, rows));
    await Promise.all(referenceHosts.map((h) => h.close()));
    const hosts = await startHosts();
    const stage = await runStage(hosts, rows);
    await Promise.all(hosts.map((h) => h.close()));
    stageMs.push(stage.ms);
    done += stage.done;
    stage.perHost.forEach((n, i) => (perHost[i]! += n));
    stage.maxInFlight.forEach((n, i) => (maxInFlight[i] = Math.max(maxInFlight[i]!, n)));
  }
  const idealMs = (ROWS * LATENCY_MS) / (HOSTS * SLOTS_PER_HOST);
  const reference = toStats(referenceMs);
  const stage = toStats(stageMs);
  const ratio = scaleStats(stage, 1 / idealMs);
  writeSection('caption-throughput', [
    '## Caption throughput (stage 7 against the Ollama stand-in)',
    '',
    `${describeMachine([`sharp ${packageVersion('sharp')} (only to make the row images)`, 'the Ollama stand-in of packages/testkit in this process'])}.`,
    `${ROWS} rows, ${HOSTS} hosts x ${SLOTS_PER_HOST} slots, ${LATENCY_MS} ms per answer. Ideal: ${ROWS} x ${LATENCY_MS / 1000} s / ${HOSTS * SLOTS_PER_HOST} = ${(idealMs / 1000).toFixed(2)} s. ` +
      `${RUNS} runs, each the reference and then the stage on fresh stand-ins; seconds and ratios as min / median / max.`,
    '',
    '| measurement | n | seconds (min / median / max) | ratio to ideal (min / median / max) |',
    '|---|---|---|---|',
    `| reference: plain fetch, ${HOSTS * SLOTS_PER_HOST} concurrent | ${reference.n} | ${formatStats(reference, 2, 1 / 1000)} | ${formatStats(scaleStats(reference, 1 / idealMs), 3)} |`,
    `| caption stage (captionRow per row, slots-wide row flow) | ${stage.n} | ${formatStats(stage, 2, 1 / 1000)} | **${formatStats(ratio, 3)}** |`,
    '',
    `Stage vs reference (ratio of medians): ${(stage.median / reference.median).toFixed(3)}x. Rows done: ${done}/${ROWS * RUNS} over the ${RUNS} runs. Requests per host, all runs: ${perHost.join(', ')}; most in flight per host in any run: ${maxInFlight.join(', ')} (slots ${SLOTS_PER_HOST}).`,
    `Target: median ratio to ideal <= ${TARGET_RATIO}, every row captioned -> ${verdict(ratio.median <= TARGET_RATIO && done === ROWS * RUNS)} (slowest run: ${ratio.max.toFixed(3)}).`,
    '',
    regenerateLine('caption-throughput'),
  ]);
}

await main();
