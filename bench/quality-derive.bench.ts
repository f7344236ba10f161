// Stages 5–6 (quality scoring + derivatives) on the real-photo corpus (packages/testkit/corpus/build-samples.sh).
// Measured in one run, as ratios:
// - stage 6 (one decode, three derivatives: 1024 q85, 1600 q85, 400 q80, sRGB with profile) vs the
//   libvips CLI `vipsthumbnail` making the same three files (three invocations). Target ≤ 1.2×.
// - the ONNX quality models (BRISQUE + blur/brightness/contrast, CPU provider, strips on one worker
//   thread per core) vs OpenCV's cv2.quality.QualityBRISQUE_compute (serial code: one core) on the
//   same lossless proxy; both the median of 3 calls after a warm-up. Target: faster than OpenCV.
//   Our time with a single worker (one core, like OpenCV) is reported beside it.
// Also: parity with OpenCV (|Δ BRISQUE| per image, Spearman; Laplacian variance, mean, std) and
// peak RSS of a fresh process scoring a 24-megapixel JPEG (target < 1.5 GB).
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { createQualityScorer, decodeOriginal, deriveImages, scoreAndDerive, type QualityResult } from '@proofsheet/stages';
// The corpus helper directly: testkit's index also loads vitest fixtures, which need the vitest runner.
import { readSampleCorpus } from '../packages/testkit/src/sample-corpus.js';
import { ensureTools, runVips } from './lib/reference-tools.js';

const OPENCV_SCRIPT = 'packages/stages/scripts/parity/opencv-reference.py';

const ms = async <T>(fn: () => Promise<T>): Promise<[T, number]> => { const t0 = performance.now(); const v = await fn(); return [v, performance.now() - t0]; };

function spearman(a: number[], b: number[]): number {
  const rank = (v: number[]) => { const r: number[] = []; v.map((x, i) => [x, i] as const).sort((p, q) => p[0] - q[0]).forEach(([, i], k) => (r[i] = k)); return r; };
  const ra = rank(a); const rb = rank(b); const n = a.length;
  return 1 - (6 * ra.reduce((s, r, i) => s + (r - rb[i]!) ** 2, 0)) / (n * (n * n - 1));
}

const num = (detail: unknown, key: string) => Number((detail as Record<string, unknown>)[key]);
const rel = (a: number, b: number) => Math.abs(a - b) / Math.max(Math.abs(b), 1e-9);
const fmt = (v: number, d = 0) => v.toFixed(d);

interface Row { name: string; mpx: number; derive: number; vips: number; both: number; onnx: number; onnx1: number; ours: QualityResult; png: string }

const REPEAT = 3;

/** Median time of REPEAT calls, and the last result. */
async function median<T>(fn: () => Promise<T>): Promise<[T, number]> {
  const runs: [T, number][] = [];
  for (let i = 0; i < REPEAT; i++) runs.push(await ms(fn));
  const times = runs.map(([, t]) => t).sort((a, b) => a - b);
  return [runs.at(-1)![0], times[Math.floor(REPEAT / 2)]!];
}

async function main(): Promise<void> {
  ensureTools();
  const corpus = await readSampleCorpus();
  const files = ['landscapes', 'nature', 'city'].flatMap((set) => fs.readdirSync(path.join(corpus, set)).filter((f) => f.endsWith('.jpg')).sort().map((f) => path.join(corpus, set, f)));
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-quality-'));
  const scorer = await createQualityScorer({ providers: ['cpu'] });
  const oneWorker = await createQualityScorer({ providers: ['cpu'], cpuWorkers: 1 });
  const rows: Row[] = [];
  try {
    const warm = await decodeOriginal(files[0]!, { proxyMaxEdge: 4096, derivatives: [] });
    await scorer.score(warm.proxy!);
    await oneWorker.score(warm.proxy!);
    for (const [i, file] of files.entries()) {
      const meta = await sharp(file).metadata();
      const dir = (kind: string) => { const d = path.join(work, kind, String(i)); fs.mkdirSync(d, { recursive: true }); return d; };
      const [, derive] = await ms(() => deriveImages(file, dir('ours')));
      const [, vips] = await ms(async () => runVips(file, dir('vips')));
      const [, both] = await ms(() => scoreAndDerive(scorer, file, dir('both')));
      const { proxy } = await decodeOriginal(file, { proxyMaxEdge: scorer.proxyMaxEdge, derivatives: [] });
      const png = path.join(dir('proxy'), 'proxy.png');
      await sharp(proxy!.data, { raw: { width: proxy!.width, height: proxy!.height, channels: 3 } }).png({ compressionLevel: 1 }).toFile(png);
      const [ours, onnx] = await median(() => scorer.score(proxy!));
      const [, onnx1] = await median(() => oneWorker.score(proxy!));
      rows.push({ name: path.basename(file, '.jpg'), mpx: (meta.width * meta.height) / 1e6, derive, vips, both, onnx, onnx1, ours, png });
      process.stdout.write(`${rows.at(-1)!.name}: derive ${fmt(derive)} ms, vipsthumbnail ${fmt(vips)} ms, stages 5-6 ${fmt(both)} ms, onnx ${fmt(onnx)} ms (one worker ${fmt(onnx1)} ms)\n`);
    }
    const reference = JSON.parse(execFileSync('/usr/bin/python3', [OPENCV_SCRIPT, '--repeat', String(REPEAT), ...rows.map((r) => r.png)], { maxBuffer: 1 << 26 }).toString()) as Array<{ brisque: number; laplacian_variance: number; grey_mean: number; grey_std: number; opencv_brisque_ms: number; width: number; height: number }>;
    const rss = await measureRss(files, work);
    writeReport(rows, reference, rss);
  } finally {
    await Promise.all([scorer.close(), oneWorker.close()]);
    fs.rmSync(work, { recursive: true, force: true });
  }
}

async function measureRss(files: string[], work: string): Promise<{ ms: number; max_rss_mb: number }> {
  const big = path.join(work, '24mp.jpg');
  await sharp(files.at(-1)!).resize(6000, 4000, { fit: 'fill' }).jpeg({ quality: 90 }).toFile(big);
  const out = execFileSync('npx', ['tsx', 'bench/quality-rss-child.ts', big], { stdio: ['ignore', 'pipe', 'ignore'] }).toString().trim().split('\n').at(-1)!;
  return JSON.parse(out) as { ms: number; max_rss_mb: number };
}

type Ref = { brisque: number; laplacian_variance: number; grey_mean: number; grey_std: number; opencv_brisque_ms: number; width: number; height: number };

function writeReport(rows: Row[], refs: Ref[], rss: { ms: number; max_rss_mb: number }): void {
  const sum = (f: (r: Row, i: number) => number) => rows.reduce((s, r, i) => s + f(r, i), 0);
  const ourB = rows.map((r) => num(r.ours.quality_detail.metrics.brisque, 'raw'));
  const cvB = refs.map((r) => r.brisque);
  const maxDelta = Math.max(...ourB.map((b, i) => Math.abs(b - cvB[i]!)));
  const maxRel = Math.max(...rows.flatMap((r, i) => [
    rel(num(r.ours.quality_detail.metrics.blur, 'laplacian_variance'), refs[i]!.laplacian_variance),
    rel(num(r.ours.quality_detail.metrics.brightness, 'grey_mean'), refs[i]!.grey_mean),
    rel(num(r.ours.quality_detail.metrics.contrast, 'grey_std'), refs[i]!.grey_std),
  ]));
  const deriveRatio = sum((r) => r.derive) / sum((r) => r.vips);
  const onnxRatio = sum((r) => r.onnx) / sum((_r, i) => refs[i]!.opencv_brisque_ms);
  const oneWorkerRatio = sum((r) => r.onnx1) / sum((_r, i) => refs[i]!.opencv_brisque_ms);
  const lines = [
    '## Stages 5–6: quality scoring (ONNX) and derivatives (sharp)',
    '',
    `${rows.length} real photos (packages/testkit/corpus/build-samples.sh), ${os.cpus().length} cores, ONNX on the CPU provider, proxy long edge ≤ 4096. ` +
      `Quality times are the median of ${REPEAT} calls after a warm-up, for OpenCV and for us. Our strips run on one worker thread per core; ` +
      "OpenCV's BRISQUE is serial code and uses one core, so the \"one worker\" column compares core for core.",
    '',
    '| photo | Mpx | stage 6 ms | vipsthumbnail ×3 ms | ratio | stages 5–6 ms (one decode) | proxy | ONNX ms | ONNX ms, one worker | OpenCV BRISQUE ms | ratio | BRISQUE ours | OpenCV | abs. diff |',
    '|---|---|---|---|---|---|---|---|---|---|---|---|---|---|',
    ...rows.map((r, i) => `| ${r.name} | ${fmt(r.mpx, 1)} | ${fmt(r.derive)} | ${fmt(r.vips)} | ${fmt(r.derive / r.vips, 2)}× | ${fmt(r.both)} | ${refs[i]!.width}×${refs[i]!.height} | ${fmt(r.onnx)} | ${fmt(r.onnx1)} | ${fmt(refs[i]!.opencv_brisque_ms)} | ${fmt(r.onnx / refs[i]!.opencv_brisque_ms, 2)}× | ${fmt(ourB[i]!, 4)} | ${fmt(cvB[i]!, 4)} | ${(Math.abs(ourB[i]! - cvB[i]!)).toExponential(1)} |`),
    '',
    `- **Derivatives vs libvips CLI:** stage 6 took ${fmt(deriveRatio, 2)}× the time of three \`vipsthumbnail\` runs in total (target ≤ 1.2×): ${deriveRatio <= 1.2 ? 'met' : 'NOT met'}.`,
    `- **ONNX BRISQUE vs OpenCV (CPU):** the quality models (BRISQUE plus blur/brightness/contrast) took ${fmt(onnxRatio, 2)}× OpenCV's BRISQUE time in total (target < 1×): ${onnxRatio < 1 ? 'met' : 'NOT met'}. ` +
      `On one worker thread (one core, as OpenCV): ${fmt(oneWorkerRatio, 2)}×.`,
    `- **Stages 5–6 together** (one decode: proxy, scores, three derivatives) took ${fmt(sum((r) => r.both) / sum((r) => r.vips), 2)}× the time of the three \`vipsthumbnail\` runs (SPEC §14 asks stages 1–6 to keep up with libvips; informational, no target in the issue).`,
    `- **Parity:** max |Δ BRISQUE| = ${maxDelta.toExponential(2)} (target ≤ 1.0), Spearman = ${fmt(spearman(ourB, cvB), 4)} (target ≥ 0.99); blur/brightness/contrast statistics max relative error ${maxRel.toExponential(2)} (target ≤ 1e-3).`,
    `- **Peak RSS** of a fresh process scoring a 24-megapixel JPEG (6000×4000, stage 5 code): ${fmt(rss.max_rss_mb)} MB (target < 1536 MB): ${rss.max_rss_mb < 1536 ? 'met' : 'NOT met'}; scoring took ${fmt(rss.ms)} ms.`,
    '',
  ];
  fs.writeFileSync('bench/results/quality-derive.md', lines.join('\n'));
  process.stdout.write(`${lines.join('\n')}\n`);
}

await main();
