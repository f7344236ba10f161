// Stages 5–6 (quality scoring + derivatives) on the real-photo corpus (packages/testkit/corpus/build-samples.sh).
// Measured in one run, every photo REPEAT times, as ratios to references measured in the same run:
// - stage 6 (one decode, three derivatives: 1024 q85, 1600 q85, 400 q80, sRGB with profile) vs the
//   libvips CLI `vipsthumbnail` making the same three files (three invocations; target ≤ 1.2×) and vs
//   ImageMagick making them (three invocations of `convert`, or `magick` where that exists).
// - the ONNX quality models (BRISQUE + blur/brightness/contrast, CPU provider, strips on one worker
//   thread per core) vs OpenCV's cv2.quality.QualityBRISQUE_compute (serial code: one core) on the
//   same lossless proxy, after a warm-up. Target: faster than OpenCV. Our time with a single worker
//   (one core, like OpenCV) is reported beside it.
// Totals are summed over the photos per repetition (repetition k of every photo) and reported as
// min / median / max over the REPEAT repetitions; ratios are of the medians.
// Also: parity with OpenCV (|Δ BRISQUE| per image, Spearman; Laplacian variance, mean, std) and
// peak RSS of a fresh process scoring a 24-megapixel JPEG (target < 1.5 GB), RSS_RUNS processes.
// BENCH_QUICK=1: 3 photos, 2 repetitions, one RSS process.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { createQualityScorer, decodeOriginal, deriveImages, DERIVATIVES, scoreAndDerive, type QualityResult } from '@proofsheet/stages';
// The corpus helper directly: testkit's index also loads vitest fixtures, which need the vitest runner.
import { readSampleCorpus } from '../packages/testkit/src/sample-corpus.js';
import { commandVersion, describeMachine, formatStats, packageVersion, QUICK, regenerateLine, toStats, verdict, writeSection, type Stats } from './lib/report-format.js';
import { ensureTools, imageMagickCommand, PYTHON, runImageMagick, runVips } from './lib/reference-tools.js';

const OPENCV_SCRIPT = 'packages/stages/scripts/parity/opencv-reference.py';
const REPEAT = QUICK ? 2 : 3;
const RSS_RUNS = QUICK ? 1 : 3;
const PHOTOS = QUICK ? 3 : Infinity;

// Runs the parity script's own measure() on each proxy, recording the time of every one of its
// timed BRISQUE calls (the script itself reports only their median). Same warm-up as the script.
const OPENCV_RUNS = [
  'import importlib.util, json, sys',
  'import cv2',
  'spec = importlib.util.spec_from_file_location("opencv_reference", sys.argv[1])',
  'ref = importlib.util.module_from_spec(spec)',
  'spec.loader.exec_module(ref)',
  'repeat, files = int(sys.argv[2]), sys.argv[3:]',
  'timed = ref.timed_brisque',
  'timed(cv2.imread(files[0], cv2.IMREAD_COLOR))',
  'results = []',
  'for path in files:',
  '    runs = []',
  '    def record(image, runs=runs):',
  '        score, ms = timed(image)',
  '        runs.append(ms)',
  '        return score, ms',
  '    ref.timed_brisque = record',
  '    result = ref.measure(path, repeat)',
  '    result["opencv_brisque_runs_ms"] = runs',
  '    results.append(result)',
  'json.dump(results, sys.stdout)',
].join('\n');

const ms = async <T>(fn: () => Promise<T>): Promise<[T, number]> => { const t0 = performance.now(); const v = await fn(); return [v, performance.now() - t0]; };

function spearman(a: number[], b: number[]): number {
  const rank = (v: number[]) => { const r: number[] = []; v.map((x, i) => [x, i] as const).sort((p, q) => p[0] - q[0]).forEach(([, i], k) => (r[i] = k)); return r; };
  const ra = rank(a); const rb = rank(b); const n = a.length;
  return 1 - (6 * ra.reduce((s, r, i) => s + (r - rb[i]!) ** 2, 0)) / (n * (n * n - 1));
}

const num = (detail: unknown, key: string) => Number((detail as Record<string, unknown>)[key]);
const rel = (a: number, b: number) => Math.abs(a - b) / Math.max(Math.abs(b), 1e-9);
const fmt = (v: number, d = 0) => v.toFixed(d);

/** One photo: the time of each repetition (ms), in order, per measurement. */
interface Row { name: string; mpx: number; derive: number[]; vips: number[]; magick: number[]; both: number[]; onnx: number[]; onnx1: number[]; ours: QualityResult; png: string }

/** The times of REPEAT calls, in order, and the last result. */
async function repeat<T>(fn: () => Promise<T>): Promise<[T, number[]]> {
  let last: T | undefined;
  const times: number[] = [];
  for (let i = 0; i < REPEAT; i++) {
    const [value, t] = await ms(fn);
    last = value;
    times.push(t);
  }
  return [last as T, times];
}

async function main(): Promise<void> {
  ensureTools();
  const magick = imageMagickCommand();
  if (magick === null) throw new Error('ImageMagick (magick or convert) is not installed');
  const started = performance.now();
  const corpus = await readSampleCorpus();
  const files = ['landscapes', 'nature', 'city'].flatMap((set) => fs.readdirSync(path.join(corpus, set)).filter((f) => f.endsWith('.jpg')).sort().map((f) => path.join(corpus, set, f))).slice(0, PHOTOS);
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-quality-'));
  const scorer = await createQualityScorer({ providers: ['cpu'] });
  const oneWorker = await createQualityScorer({ providers: ['cpu'], cpuWorkers: 1 });
  const rows: Row[] = [];
  try {
    const warm = await decodeOriginal(files[0]!, { proxyMaxEdge: 4096, derivatives: [] });
    await scorer.score(warm.proxy!);
    await oneWorker.score(warm.proxy!);
    // ImageMagick gets the very sRGB profile that vipsthumbnail embeds (taken from one of its outputs).
    const warmVips = path.join(work, 'warm-vips');
    fs.mkdirSync(warmVips);
    runVips(files[0]!, warmVips);
    const icc = (await sharp(path.join(warmVips, DERIVATIVES[0].fileName)).metadata()).icc;
    if (icc === undefined) throw new Error('vipsthumbnail wrote no ICC profile');
    const srgb = path.join(work, 'srgb.icc');
    fs.writeFileSync(srgb, icc);
    // Untimed warm-ups of stage 6 and ImageMagick too (vipsthumbnail's ran just above).
    await deriveImages(files[0]!, path.join(work, 'warm-ours'));
    fs.mkdirSync(path.join(work, 'warm-magick'));
    runImageMagick(magick, files[0]!, path.join(work, 'warm-magick'), srgb);
    for (const [i, file] of files.entries()) {
      const meta = await sharp(file).metadata();
      const dir = (kind: string) => { const d = path.join(work, kind, String(i)); fs.mkdirSync(d, { recursive: true }); return d; };
      const times = { derive: [] as number[], vips: [] as number[], magick: [] as number[], both: [] as number[] };
      // Repetition k of each measurement in turn, so that all see the same conditions.
      for (let k = 0; k < REPEAT; k++) {
        times.derive.push((await ms(() => deriveImages(file, dir('ours'))))[1]);
        times.vips.push((await ms(async () => runVips(file, dir('vips'))))[1]);
        times.magick.push((await ms(async () => runImageMagick(magick, file, dir('magick'), srgb)))[1]);
        times.both.push((await ms(() => scoreAndDerive(scorer, file, dir('both'))))[1]);
      }
      const { proxy } = await decodeOriginal(file, { proxyMaxEdge: scorer.proxyMaxEdge, derivatives: [] });
      const png = path.join(dir('proxy'), 'proxy.png');
      await sharp(proxy!.data, { raw: { width: proxy!.width, height: proxy!.height, channels: 3 } }).png({ compressionLevel: 1 }).toFile(png);
      const [ours, onnx] = await repeat(() => scorer.score(proxy!));
      const [, onnx1] = await repeat(() => oneWorker.score(proxy!));
      const row: Row = { name: path.basename(file, '.jpg'), mpx: (meta.width * meta.height) / 1e6, ...times, onnx, onnx1, ours, png };
      rows.push(row);
      const med = (v: number[]) => fmt(toStats(v).median);
      process.stdout.write(`${row.name} (medians of ${REPEAT}): derive ${med(row.derive)} ms, vipsthumbnail ${med(row.vips)} ms, ImageMagick ${med(row.magick)} ms, stages 5-6 ${med(row.both)} ms, onnx ${med(onnx)} ms (one worker ${med(onnx1)} ms)\n`);
    }
    const reference = JSON.parse(execFileSync(PYTHON, ['-c', OPENCV_RUNS, OPENCV_SCRIPT, String(REPEAT), ...rows.map((r) => r.png)], { maxBuffer: 1 << 26 }).toString()) as Ref[];
    const rss = await measureRss(files, work);
    writeReport(rows, reference, rss, magick, (performance.now() - started) / 60_000);
  } finally {
    await Promise.all([scorer.close(), oneWorker.close()]);
    fs.rmSync(work, { recursive: true, force: true });
  }
}

type RssRun = { ms: number; max_rss_mb: number };

/** RSS_RUNS fresh processes, one after another, each scoring the same 24-megapixel JPEG. */
async function measureRss(files: string[], work: string): Promise<RssRun[]> {
  const big = path.join(work, '24mp.jpg');
  await sharp(files.at(-1)!).resize(6000, 4000, { fit: 'fill' }).jpeg({ quality: 90 }).toFile(big);
  const runs: RssRun[] = [];
  for (let i = 0; i < RSS_RUNS; i++) {
    const out = execFileSync('npx', ['tsx', 'bench/quality-rss-child.ts', big], { stdio: ['ignore', 'pipe', 'ignore'] }).toString().trim().split('\n').at(-1)!;
    runs.push(JSON.parse(out) as RssRun);
  }
  return runs;
}

type Ref = { brisque: number; laplacian_variance: number; grey_mean: number; grey_std: number; opencv_brisque_runs_ms: number[]; width: number; height: number };

/** The tool versions for the machine line. */
function versions(magick: string): string[] {
  const opencv = commandVersion(PYTHON, ['-c', 'import cv2; print(cv2.__version__)']);
  const imageMagick = commandVersion(magick, ['-version']).replace(/^Version: /, '').split(' ').slice(0, 3).join(' ');
  return [
    `sharp ${sharp.versions.sharp} (bundled libvips ${sharp.versions.vips})`,
    `onnxruntime-node ${packageVersion('onnxruntime-node')} (CPU provider)`,
    `${commandVersion('vips')} (\`vipsthumbnail\`, Debian libvips-tools)`,
    `${imageMagick} (\`${magick}\`)`,
    `OpenCV ${opencv} (Debian python3-opencv)`,
  ];
}

function writeReport(rows: Row[], refs: Ref[], rss: RssRun[], magick: string, minutes: number): void {
  /** Min / median / max over the repetitions of the total over the photos of repetition k. */
  const totals = (f: (r: Row, i: number) => number[]): Stats => toStats(Array.from({ length: REPEAT }, (_, k) => rows.reduce((s, r, i) => s + f(r, i)[k]!, 0)));
  const med = (v: number[]) => toStats(v).median;
  const ourB = rows.map((r) => num(r.ours.quality_detail.metrics.brisque, 'raw'));
  const cvB = refs.map((r) => r.brisque);
  const maxDelta = Math.max(...ourB.map((b, i) => Math.abs(b - cvB[i]!)));
  const maxRel = Math.max(...rows.flatMap((r, i) => [
    rel(num(r.ours.quality_detail.metrics.blur, 'laplacian_variance'), refs[i]!.laplacian_variance),
    rel(num(r.ours.quality_detail.metrics.brightness, 'grey_mean'), refs[i]!.grey_mean),
    rel(num(r.ours.quality_detail.metrics.contrast, 'grey_std'), refs[i]!.grey_std),
  ]));
  const derive = totals((r) => r.derive);
  const vips = totals((r) => r.vips);
  const im = totals((r) => r.magick);
  const both = totals((r) => r.both);
  const onnx = totals((r) => r.onnx);
  const onnx1 = totals((r) => r.onnx1);
  const opencv = totals((_r, i) => refs[i]!.opencv_brisque_runs_ms);
  const deriveRatio = derive.median / vips.median;
  const magickRatio = derive.median / im.median;
  const onnxRatio = onnx.median / opencv.median;
  const oneWorkerRatio = onnx1.median / opencv.median;
  const rssMb = toStats(rss.map((r) => r.max_rss_mb));
  const rssMs = toStats(rss.map((r) => r.ms));
  const s = (stats: Stats) => `${formatStats(stats, 2, 1 / 1000)} s`;
  const sizes = DERIVATIVES.map((d) => `${d.longEdge} px q${d.quality}`).join(', ');
  writeSection('quality-derive', [
    '## Stages 5–6: quality scoring (ONNX) and derivatives (sharp)',
    '',
    `${describeMachine(versions(magick))}.`,
    `${rows.length} real photos (packages/testkit/corpus/build-samples.sh), ONNX on the CPU provider, proxy long edge ≤ 4096. ` +
      `Every photo is measured ${REPEAT} times (repetition k of stage 6, \`vipsthumbnail\`, ImageMagick and stages 5–6 in turn, then ${REPEAT} ONNX calls on all workers, ${REPEAT} on one worker), and OpenCV's BRISQUE ${REPEAT} times on the same proxy; quality times after a warm-up, for OpenCV and for us. ` +
      `Both references make the same three files as stage 6 (${sizes}, sRGB with the profile embedded), three invocations each: \`vipsthumbnail -s N×N> --export-profile srgb\`, and \`${magick} -define jpeg:size=2N×2N file -auto-orient -resize N×N> -profile sRGB -quality Q\` (shrink on load as vipsthumbnail does; the sRGB profile is the one vipsthumbnail embeds). ` +
      "Our strips run on one worker thread per core; OpenCV's BRISQUE is serial code and uses one core, so the \"one worker\" column compares core for core. " +
      `The measurements took ${minutes.toFixed(1)} minutes.`,
    '',
    `Per photo, the median of its ${REPEAT} repetitions (ms):`,
    '',
    '| photo | Mpx | stage 6 ms | vipsthumbnail ×3 ms | ratio | ImageMagick ×3 ms | stages 5–6 ms (one decode) | proxy | ONNX ms | ONNX ms, one worker | OpenCV BRISQUE ms | ratio | BRISQUE ours | OpenCV | abs. diff |',
    '|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|',
    ...rows.map((r, i) => {
      const cv = med(refs[i]!.opencv_brisque_runs_ms);
      return `| ${r.name} | ${fmt(r.mpx, 1)} | ${fmt(med(r.derive))} | ${fmt(med(r.vips))} | ${fmt(med(r.derive) / med(r.vips), 2)}× | ${fmt(med(r.magick))} | ${fmt(med(r.both))} | ${refs[i]!.width}×${refs[i]!.height} | ${fmt(med(r.onnx))} | ${fmt(med(r.onnx1))} | ${fmt(cv)} | ${fmt(med(r.onnx) / cv, 2)}× | ${fmt(ourB[i]!, 4)} | ${fmt(cvB[i]!, 4)} | ${(Math.abs(ourB[i]! - cvB[i]!)).toExponential(1)} |`;
    }),
    '',
    `Totals over the ${rows.length} photos, per repetition (repetition k of every photo summed), as min / median / max over the ${REPEAT} repetitions; ratios are of the medians:`,
    '',
    `- **Stage 6** (one decode, three derivatives): ${s(derive)}; **\`vipsthumbnail\` ×3**: ${s(vips)}; **ImageMagick ×3**: ${s(im)}.`,
    `- **Derivatives vs libvips CLI:** stage 6 / \`vipsthumbnail\` = ${fmt(deriveRatio, 2)}× (target ≤ 1.2×): ${verdict(deriveRatio <= 1.2)}. Stage 6 / ImageMagick = ${fmt(magickRatio, 2)}× (no target).`,
    `- **ONNX quality** (BRISQUE plus blur/brightness/contrast, all workers): ${s(onnx)}; **ONNX, one worker**: ${s(onnx1)}; **OpenCV BRISQUE**: ${s(opencv)}.`,
    `- **ONNX BRISQUE vs OpenCV (CPU):** ONNX / OpenCV = ${fmt(onnxRatio, 2)}× (target < 1×): ${verdict(onnxRatio < 1)}. Core for core, one-worker ONNX / OpenCV = ${fmt(oneWorkerRatio, 2)}×.`,
    `- **Stages 5–6 together** (one decode: proxy, scores, three derivatives): ${s(both)}, ${fmt(both.median / vips.median, 2)}× the three \`vipsthumbnail\` runs (SPEC §14 asks stages 1–6 to keep up with libvips; informational, no target in the issue).`,
    `- **Parity:** max |Δ BRISQUE| = ${maxDelta.toExponential(2)} (target ≤ 1.0), Spearman = ${fmt(spearman(ourB, cvB), 4)} (target ≥ 0.99); blur/brightness/contrast statistics max relative error ${maxRel.toExponential(2)} (target ≤ 1e-3).`,
    `- **Peak RSS** of a fresh process scoring a 24-megapixel JPEG (6000×4000, stage 5 code), ${rssMb.n} processes one after another: ${formatStats(rssMb, 0)} MB (target < 1536 MB, every process): ${verdict(rssMb.max < 1536)}; scoring took ${formatStats(rssMs, 0)} ms.`,
    '',
    regenerateLine('quality-derive'),
  ]);
}

await main();
