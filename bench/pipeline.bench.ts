// Pipelining (issue 8): rows flow through stages 5–7 independently, so with captioning as the
// slowest stage the batch takes about as long as captioning alone, not the sum of the stages.
// Target: wall time of stages 5–7 ≤ 1.15 × the caption stage's time alone (rows × latency / total
// slots), with the Ollama stand-in at a fixed latency on 1 host and on 2 hosts (2 slots each).
// References measured in the same run: that ideal, and the same rows processed stage by stage
// (all of stages 5–6, then all captions) — what the batch would take without pipelining.
// Each host count is measured RUNS times on fresh projects; min / median / max.
// BENCH_QUICK=1: 8 rows, 2 runs.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { resolveConfig, systemClock, toProjectPaths, type ResolvedConfig } from '@proofsheet/core';
import { runIngest, runRowStages, validateIngestSets, type RowStagesResult } from '@proofsheet/pipeline';
import { createRun, createSet, openQueueDatabase } from '@proofsheet/queue';
import { createOllamaStandIn, type OllamaStandIn } from '../packages/testkit/src/ollama-stand-in/index.js';
import { describeMachine, formatStats, packageVersion, QUICK, regenerateLine, scaleStats, toStats, verdict, writeSection, type Stats } from './lib/report-format.js';

// 20 rows (24 before the 2-host case was added) keep the whole benchmark under about 4 minutes.
const ROWS = QUICK ? 8 : 20;
const RUNS = QUICK ? 2 : 3;
const LATENCY_MS = 1500;
const SLOTS = 2;
const HOST_COUNTS = [1, 2] as const;
const MODEL = 'qwen2.5vl:7b';
const TARGET = 1.15;
const SAMPLES = path.resolve(import.meta.dirname, '../samples/landscapes');

async function makePhotos(dir: string): Promise<void> {
  fs.mkdirSync(dir, { recursive: true });
  const sources = fs.readdirSync(SAMPLES).filter((f) => f.endsWith('.jpg')).sort();
  for (let i = 0; i < ROWS; i += 1) {
    await sharp(path.join(SAMPLES, sources[i % sources.length]!))
      .modulate({ hue: (i * 47) % 360 })
      .resize(1200 - i * 8)
      .jpeg({ quality: 85 })
      .toFile(path.join(dir, `photo_${String(i).padStart(2, '0')}.jpg`));
  }
}

function configFor(urls: readonly string[]): ResolvedConfig {
  const result = resolveConfig({ env: {}, flags: { caption: { enabled: true, hosts: urls.map((url) => ({ url, slots: SLOTS })) } } });
  if (!result.ok) throw new Error(JSON.stringify(result.issues));
  return result.config;
}

/** A fresh project with the photos ingested (stages 1–4), ready for stages 5–7. */
async function prepare(root: string, photos: string, config: ResolvedConfig) {
  const paths = toProjectPaths(root, config.paths);
  fs.mkdirSync(paths.data, { recursive: true });
  const db = openQueueDatabase(paths.database);
  const set = createSet(db, { folder: photos, subject: 'Basque Mountains', location: 'Gipuzkoa', category: 'Landscape', fileCount: ROWS });
  const { naming } = config;
  const runId = createRun(db, { trigger: 'cli', setIds: [set.id] }).id;
  await runIngest({ db, sets: await validateIngestSets([set], naming, systemClock), paths, naming, runId });
  return { db, paths, runId };
}

async function timed(body: () => Promise<unknown>): Promise<number> {
  const t0 = performance.now();
  await body();
  return (performance.now() - t0) / 1000;
}

/** Fails the benchmark when a pass left rows without captions (it would have timed less work). */
function captioned(result: RowStagesResult): void {
  if (result.interrupted || result.counts.waiting > 0 || result.counts.errors > 0) throw new Error(`rows left uncaptioned: ${JSON.stringify(result)}`);
}

/** `count` stand-ins (one per caption host), as bench/caption-throughput.bench.ts runs its two hosts. */
async function startHosts(count: number): Promise<OllamaStandIn[]> {
  return Promise.all(Array.from({ length: count }, () => createOllamaStandIn({ models: [{ name: MODEL, parallel: SLOTS, latencyMs: LATENCY_MS }] })));
}

type Samples = { pipelined: number[]; quality: number[]; caption: number[]; stageByStage: number[] };

/** One run for one host count: stages 5–7 pipelined on one fresh project, stage by stage on another. */
async function measureOnce(work: string, photos: string, offlineUrl: string, hostCount: number, into: Samples): Promise<void> {
  const hosts = await startHosts(hostCount);
  const say = () => undefined;
  try {
    const config = configFor(hosts.map((h) => h.url));
    const pipelined = await prepare(path.join(work, 'pipelined'), photos, config);
    into.pipelined.push(await timed(async () => captioned(await runRowStages({ ...pipelined, config, say }))));
    pipelined.db.close();
    // Stage by stage: stages 5–6 for every row first (Ollama unreachable, so the rows wait at the
    // caption checkpoint), then captions alone once the stand-ins are reachable.
    const offlineConfig = configFor([offlineUrl]);
    const staged = await prepare(path.join(work, 'staged'), photos, offlineConfig);
    const qualityS = await timed(() => runRowStages({ ...staged, config: offlineConfig, say }));
    const captionS = await timed(async () => captioned(await runRowStages({ ...staged, config, say })));
    staged.db.close();
    into.quality.push(qualityS);
    into.caption.push(captionS);
    into.stageByStage.push(qualityS + captionS);
  } finally {
    await Promise.all(hosts.map((h) => h.close()));
    for (const project of ['pipelined', 'staged']) fs.rmSync(path.join(work, project), { recursive: true, force: true });
  }
}

type Result = { hosts: number; idealS: number; pipelined: Stats; quality: Stats; caption: Stats; stageByStage: Stats };

function toSection(results: readonly Result[]): string[] {
  const row = (label: string, pick: (r: Result) => string) => `| ${label} | ${results.map(pick).join(' | ')} |`;
  const ratio = (r: Result) => scaleStats(r.pipelined, 1 / r.idealS);
  return [
    '## Pipelining of stages 5–7 (issue 8)',
    '',
    `${describeMachine([`sharp ${packageVersion('sharp')}`, `onnxruntime-node ${packageVersion('onnxruntime-node')} (CPU)`, 'the Ollama stand-in of packages/testkit in this process'])}.`,
    `${ROWS} rows of the bundled samples (hue-shifted, ≤ 1200 px${QUICK ? '' : '; 20 rather than the earlier 24, to keep the benchmark under about 4 minutes with both host counts'}), Ollama stand-in at ${LATENCY_MS} ms per answer with ${SLOTS} slots per host, on 1 host and on 2 hosts, so captioning is the slowest stage. ` +
      `${RUNS} runs per host count, each on fresh projects; seconds as min / median / max.`,
    '',
    `| measurement | ${results.map((r) => `${r.hosts} host${r.hosts > 1 ? 's' : ''} × ${SLOTS} slots`).join(' | ')} |`,
    `|---|${results.map(() => '---|').join('')}`,
    row('caption stage alone, ideal (rows × latency / total slots)', (r) => r.idealS.toFixed(2)),
    row('caption stage alone, measured (rows already derived)', (r) => formatStats(r.caption, 2)),
    row('stages 5–6 alone, measured', (r) => formatStats(r.quality, 2)),
    row('stage by stage (5–6, then 7): sum of the two, per run', (r) => formatStats(r.stageByStage, 2)),
    row('**stages 5–7 pipelined** (this implementation)', (r) => formatStats(r.pipelined, 2)),
    row('**ratio pipelined / caption alone (ideal)**', (r) => `**${formatStats(ratio(r), 3)}**`),
    row('ratio of medians, pipelined / measured caption-only pass', (r) => (r.pipelined.median / r.caption.median).toFixed(3)),
    row('ratio of medians, stage by stage / ideal', (r) => (r.stageByStage.median / r.idealS).toFixed(3)),
    row(`target: median ratio to the ideal ≤ ${TARGET}`, (r) => `${verdict(ratio(r).median <= TARGET)} (slowest run ${ratio(r).max.toFixed(3)})`),
    '',
    regenerateLine('pipeline'),
  ];
}

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'proofsheet-bench-pipeline-'));
try {
  const photos = path.join(work, 'photos');
  await makePhotos(photos);
  // A stand-in started and closed at once: a caption host that refuses connections.
  const closed = await createOllamaStandIn({ models: [{ name: MODEL }] });
  await closed.close();
  const samples = new Map(HOST_COUNTS.map((n): [number, Samples] => [n, { pipelined: [], quality: [], caption: [], stageByStage: [] }]));
  for (let run = 0; run < RUNS; run += 1) {
    for (const hostCount of HOST_COUNTS) await measureOnce(work, photos, closed.url, hostCount, samples.get(hostCount)!);
  }
  writeSection('pipeline', toSection(HOST_COUNTS.map((hosts) => {
    const s = samples.get(hosts)!;
    const idealS = (ROWS * LATENCY_MS) / (hosts * SLOTS) / 1000;
    return { hosts, idealS, pipelined: toStats(s.pipelined), quality: toStats(s.quality), caption: toStats(s.caption), stageByStage: toStats(s.stageByStage) };
  })));
} finally {
  fs.rmSync(work, { recursive: true, force: true });
}
