// `proofsheet run --no-caption` end to end: the compiled CLI as a child process on a fresh project
// per measurement, over 25, 100 and 400 distinct photographs made from the real-photo corpus
// (packages/testkit/corpus/build-samples.sh) at mixed sizes up to 24 Mpx. Reports images per second
// and peak RSS, set against a reference pipeline built from the same tools in the same run
// (`vipsthumbnail` for the three derivatives plus OpenCV's BRISQUE, one worker per core), and how
// the time grows with the number of images (it must stay linear). Writes bench/results/run-e2e.md.
// BENCH_E2E_SCALE=0.1 shrinks every image count for a quick try.
import { execFileSync, spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import sharp from 'sharp';
import { DERIVATIVES } from '@proofsheet/stages';
// The corpus helper directly: testkit's index also loads vitest fixtures, which need the vitest runner.
import { readSampleCorpus, SAMPLE_CORPUS_SETS } from '../packages/testkit/src/sample-corpus.js';
import { ensureTools, has, PYTHON, vipsArgs } from './lib/reference-tools.js';

const ROOT = path.resolve(import.meta.dirname, '..');
const BIN = path.join(ROOT, 'apps/orchestrator/bin/proofsheet.mjs');
const BRISQUE_WORKER = path.join(ROOT, 'bench/lib/opencv-brisque-worker.py');
const TIME = '/usr/bin/time';
const SCALE = Number(process.env.BENCH_E2E_SCALE ?? 1);
if (!(SCALE > 0 && SCALE <= 1)) throw new Error(`BENCH_E2E_SCALE must be in (0, 1], got ${process.env.BENCH_E2E_SCALE}`);
const count = (n: number) => Math.max(2, Math.round(n * SCALE));
/** Image counts and how often each is run. The 25 set is a prefix of the 100 set, the 100 set of the 400 set. */
const SIZES = [{ n: count(25), repeats: 3 }, { n: count(100), repeats: 3 }, { n: count(400), repeats: 1 }] as const;
/** The reference runs on the 100 set. */
const REFERENCE = { n: SIZES[1].n, repeats: 2 };
/** Linear growth: seconds per image at the largest set at most this times those at the smallest. */
const LINEAR_LIMIT = 1.25;
/** Bump when the generated images change, so cached sets are rebuilt. */
const GENERATED = 'e2e-v1';
const MAX_IMAGES = SIZES[2].n;

type Stats = { min: number; median: number; max: number; n: number };
function toStats(samples: number[]): Stats {
  const sorted = [...samples].sort((a, b) => a - b);
  const mid = sorted.length / 2;
  const median = sorted.length % 2 === 1 ? sorted[Math.floor(mid)]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  return { min: sorted[0] ?? NaN, median, max: sorted.at(-1) ?? NaN, n: sorted.length };
}
const range = (s: Stats, digits: number) => (s.n === 1 ? `${s.median.toFixed(digits)} (n=1)` : `${s.min.toFixed(digits)} / ${s.median.toFixed(digits)} / ${s.max.toFixed(digits)}`);
const say = (line: string) => process.stdout.write(`${line}\n`);

/** A small seeded generator (mulberry32): image `i` gets the same recipe on every run and machine. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Made = { file: string; sha256: string; recipe: string; width: number; height: number };

/**
 * Image `i`: a corpus photo (cycled), cropped to 80–100 % of each side at a seeded offset, mirrored
 * for every other one, hue-rotated and brightened by seeded amounts, then one in five upscaled to
 * 6000×4000 (24 Mpx), one in five reduced to about 2 Mpx, the rest at the crop's own size. Distinct
 * pixels by construction (no two recipes are equal) and distinct bytes (checked by SHA-256).
 */
async function makeImage(i: number, sources: string[], file: string): Promise<Omit<Made, 'file' | 'sha256'>> {
  const source = sources[i % sources.length]!;
  const random = seeded(i + 1);
  const meta = await sharp(source).metadata();
  const width = Math.round(meta.width * (0.8 + 0.2 * random()));
  const height = Math.round(meta.height * (0.8 + 0.2 * random()));
  const left = Math.floor((meta.width - width) * random());
  const top = Math.floor((meta.height - height) * random());
  const mirror = i % 2 === 1;
  const hue = Math.floor(random() * 360);
  const brightness = 0.9 + 0.2 * random();
  const quality = 86 + Math.floor(random() * 7);
  const portrait = height > width;
  let image = sharp(source).extract({ left, top, width, height });
  if (mirror) image = image.flop();
  image = image.modulate({ hue, brightness });
  let size: [number, number] = [width, height];
  if (i % 5 === 0) size = portrait ? [4000, 6000] : [6000, 4000];
  else if (i % 5 === 1) { const k = Math.sqrt(2e6 / (width * height)); size = [Math.round(width * k), Math.round(height * k)]; }
  if (size[0] !== width || size[1] !== height) image = image.resize(size[0], size[1], { fit: 'cover' });
  await image.jpeg({ quality }).toFile(file);
  const recipe = `${path.basename(source)} crop ${left},${top} ${width}x${height} mirror ${mirror} hue ${hue} brightness ${brightness.toFixed(4)} size ${size.join('x')} q${quality}`;
  return { recipe, width: size[0], height: size[1] };
}

/** The generated photos (cached under the OS temp folder) and one folder per set size of hard links to a prefix of them. */
async function prepareImages(): Promise<{ images: Made[]; sources: number; setDirs: Map<number, string> }> {
  const dir = path.join(os.tmpdir(), `proofsheet-bench-e2e-${GENERATED}`);
  const all = path.join(dir, 'all');
  fs.mkdirSync(all, { recursive: true });
  const manifestFile = path.join(dir, 'manifest.json');
  const manifest: Made[] = fs.existsSync(manifestFile) ? (JSON.parse(fs.readFileSync(manifestFile, 'utf8')) as Made[]) : [];
  const corpus = await readSampleCorpus();
  const sources = SAMPLE_CORPUS_SETS.flatMap((set) => fs.readdirSync(path.join(corpus, set)).filter((f) => f.endsWith('.jpg')).sort().map((f) => path.join(corpus, set, f)));
  const started = performance.now();
  const missing = Array.from({ length: MAX_IMAGES }, (_, i) => i).filter((i) => !manifest[i] || !fs.existsSync(manifest[i].file));
  let done = 0;
  // One image per core at a time; each file is written under a temporary name and renamed, so an
  // interrupted generation leaves no half-written photo, and the manifest is saved after each one.
  await Promise.all(Array.from({ length: os.cpus().length }, async () => {
    for (let i = missing.shift(); i !== undefined; i = missing.shift()) {
      const file = path.join(all, `photo_${String(i).padStart(4, '0')}.jpg`);
      const made = await makeImage(i, sources, `${file}.partial`);
      fs.renameSync(`${file}.partial`, file);
      manifest[i] = { file, sha256: crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex'), ...made };
      fs.writeFileSync(manifestFile, JSON.stringify(manifest, null, 1));
      done += 1;
      if (done % 20 === 0 || missing.length === 0) say(`generated ${done} photos (${((performance.now() - started) / 1000).toFixed(0)} s, not measured)`);
    }
  }));
  const images = manifest.slice(0, MAX_IMAGES);
  if (new Set(images.map((m) => m.sha256)).size !== images.length) throw new Error('two generated photos have the same bytes');
  if (new Set(images.map((m) => m.recipe)).size !== images.length) throw new Error('two generated photos have the same recipe');
  const setDirs = new Map<number, string>();
  for (const { n } of SIZES) {
    const setDir = path.join(dir, `set-${n}`);
    fs.mkdirSync(setDir, { recursive: true });
    for (const m of images.slice(0, n)) {
      const link = path.join(setDir, path.basename(m.file));
      if (!fs.existsSync(link)) fs.linkSync(m.file, link);
    }
    setDirs.set(n, setDir);
  }
  // Read every file once, so every measurement finds them in the page cache.
  for (const m of images) fs.readFileSync(m.file);
  return { images, sources: sources.length, setDirs };
}

const cli = (args: string[], root: string) => execFileSync(process.execPath, [BIN, ...args, '--root', root], { stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 1 << 24 }).toString();

/** Runs `command` under GNU time; resolves to its wall time (s) and peak RSS (kB), rejecting on a non-zero exit. */
function timedProcess(command: string, args: string[], rssFile: string): Promise<{ seconds: number; rssKb: number }> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(TIME, ['-f', '%M', '-o', rssFile, command, ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => { stderr = (stderr + chunk.toString()).slice(-4000); });
    child.on('error', reject);
    child.on('close', (code) => {
      const seconds = (performance.now() - started) / 1000;
      if (code !== 0) return reject(new Error(`${command} ${args.join(' ')} exited ${code}: ${stderr}`));
      resolve({ seconds, rssKb: Number(fs.readFileSync(rssFile, 'utf8').trim().split('\n').at(-1)) });
    });
  });
}

type Measured = { seconds: number; rssKb: number };

/** One measurement of ours: a fresh project, the set added (not timed), then `run --no-caption` timed; checks every row. */
async function runOurs(work: string, setDir: string, n: number, label: string): Promise<Measured> {
  const root = fs.mkdtempSync(path.join(work, `ours-${n}-`));
  try {
    cli(['init'], root);
    cli(['set', 'add', setDir, '--subject', 'Grey Heron', '--location', 'Amsterdam', '--category', 'Birds'], root);
    const measured = await timedProcess(process.execPath, [BIN, 'run', '--no-caption', '--root', root], path.join(root, 'time.txt'));
    const status = JSON.parse(cli(['status', '--json'], root)) as {
      rows_total: number; review_status: Record<string, number>; qc_status: Record<string, number>;
      runs: Array<{ status: string; counts: { files: number; errors: number; duplicates: number; pending: number } }>;
    };
    const run = status.runs[0];
    const derived = path.join(root, 'data/derived');
    const complete = fs.readdirSync(derived).filter((id) => ['model.jpg', 'preview.jpg', 'thumb.jpg'].every((f) => fs.existsSync(path.join(derived, id, f)))).length;
    const problems = [
      status.rows_total !== n && `${status.rows_total} rows`,
      status.review_status.Pending !== n && `${status.review_status.Pending} Pending`,
      (status.qc_status.ScoringFailed ?? 0) + (status.qc_status.ResizeFailed ?? 0) > 0 && 'scoring or resize failures',
      (run?.status !== 'completed' || run.counts.errors !== 0 || run.counts.duplicates !== 0 || run.counts.files !== n) && `run ${JSON.stringify(run)}`,
      complete !== n && `${complete} rows with all three derivatives`,
    ].filter(Boolean);
    if (problems.length > 0) throw new Error(`${label}: expected ${n} rows Pending with derivatives, found ${problems.join(', ')}`);
    say(`${label}: ${measured.seconds.toFixed(1)} s, ${(n / measured.seconds).toFixed(2)} images/s, peak RSS ${(measured.rssKb / 1024).toFixed(0)} MB; ${n}/${n} rows Pending with derivatives`);
    return measured;
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
}

type ReferenceMeasured = Measured & { poolBoundKb: number };

/**
 * One measurement of the reference: one worker per core, each taking the next image, making the
 * three derivatives with `vipsthumbnail` (three invocations, as bench/quality-derive.bench.ts) and
 * then scoring it in its own long-lived OpenCV process (bench/lib/opencv-brisque-worker.py).
 * Peak RSS: the largest single process; poolBoundKb adds, per worker, its OpenCV process's peak and
 * its largest `vipsthumbnail`, summed over the workers (an upper bound of the pool at any moment).
 */
async function runReference(work: string, files: string[], label: string): Promise<ReferenceMeasured> {
  const out = fs.mkdtempSync(path.join(work, 'reference-'));
  try {
    const queue = files.map((file, i) => ({ file, i }));
    const started = performance.now();
    const workers = await Promise.all(Array.from({ length: os.cpus().length }, async (_, w) => {
      const python = spawn(PYTHON, [BRISQUE_WORKER], { stdio: ['pipe', 'pipe', 'inherit'] });
      const answers = readline.createInterface({ input: python.stdout })[Symbol.asyncIterator]();
      const answer = async () => { const next = await answers.next(); if (next.done === true) throw new Error('the OpenCV worker stopped'); return JSON.parse(next.value as string) as Record<string, number>; };
      let vipsKb = 0;
      for (let job = queue.shift(); job !== undefined; job = queue.shift()) {
        const dir = path.join(out, String(job.i));
        fs.mkdirSync(dir);
        for (const args of vipsArgs(job.file, dir)) vipsKb = Math.max(vipsKb, (await timedProcess('vipsthumbnail', args, path.join(out, `time-${w}.txt`))).rssKb);
        python.stdin.write(`${job.file}\n`);
        const scored = await answer();
        if (!Number.isFinite(scored.brisque)) throw new Error(`${label}: OpenCV did not score ${job.file}: ${JSON.stringify(scored)}`);
      }
      python.stdin.end();
      const pythonKb = (await answer()).max_rss_kb!;
      return { vipsKb, pythonKb };
    }));
    const seconds = (performance.now() - started) / 1000;
    const complete = files.filter((_, i) => ['model.jpg', 'preview.jpg', 'thumb.jpg'].every((f) => fs.existsSync(path.join(out, String(i), f)))).length;
    if (complete !== files.length) throw new Error(`${label}: ${complete} of ${files.length} images have all three derivatives`);
    const rssKb = Math.max(...workers.flatMap((w) => [w.vipsKb, w.pythonKb]));
    const poolBoundKb = workers.reduce((sum, w) => sum + w.vipsKb + w.pythonKb, 0);
    say(`${label}: ${seconds.toFixed(1)} s, ${(files.length / seconds).toFixed(2)} images/s, largest process ${(rssKb / 1024).toFixed(0)} MB (pool at most ${(poolBoundKb / 1024).toFixed(0)} MB)`);
    return { seconds, rssKb, poolBoundKb };
  } finally {
    fs.rmSync(out, { recursive: true, force: true });
  }
}

function versions(): string {
  const stagesRequire = createRequire(path.join(ROOT, 'packages/stages/package.json'));
  const ort = (JSON.parse(fs.readFileSync(stagesRequire.resolve('onnxruntime-node/package.json'), 'utf8')) as { version: string }).version;
  const proofsheet = execFileSync(process.execPath, [BIN, '--version']).toString().trim();
  const vips = execFileSync('vips', ['--version']).toString().trim();
  const opencv = execFileSync(PYTHON, ['-c', 'import cv2; print(cv2.__version__)']).toString().trim();
  const python = execFileSync(PYTHON, ['--version']).toString().trim();
  return `proofsheet ${proofsheet}, Node ${process.version}, sharp ${sharp.versions.sharp} (bundled libvips ${sharp.versions.vips}), onnxruntime-node ${ort} (CPU provider); reference: ${vips} (\`vipsthumbnail\`, Debian libvips-tools), OpenCV ${opencv} (${python}, Debian python3-opencv)`;
}

async function main(): Promise<void> {
  ensureTools();
  if (!has(`test -x ${TIME}`)) execFileSync('bash', ['-c', 'apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq time'], { stdio: 'inherit' });
  if (!fs.existsSync(BIN)) throw new Error('the CLI is not built: run npm run build');
  const { images, sources, setDirs } = await prepareImages();
  const mpx = images.map((m) => (m.width * m.height) / 1e6);
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'proofsheet-bench-e2e-run-'));
  const loadBefore = os.loadavg()[0] ?? 0;
  const started = performance.now();
  const ours = new Map<number, Measured[]>(SIZES.map(({ n }) => [n, []]));
  const reference: ReferenceMeasured[] = [];
  try {
    // Rounds, so slow spells of a shared machine spread over every kind of measurement.
    const rounds = Math.max(...SIZES.map((s) => s.repeats), REFERENCE.repeats);
    for (let round = 0; round < rounds; round += 1) {
      for (const { n, repeats } of SIZES) {
        if (round < repeats) ours.get(n)!.push(await runOurs(work, setDirs.get(n)!, n, `ours, ${n} images, run ${round + 1}/${repeats}`));
      }
      if (round < REFERENCE.repeats) reference.push(await runReference(work, images.slice(0, REFERENCE.n).map((m) => m.file), `reference, ${REFERENCE.n} images, run ${round + 1}/${REFERENCE.repeats}`));
    }
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
  const minutes = (performance.now() - started) / 60_000;
  writeReport({ sources, mpx, ours, reference, loadBefore, loadAfter: os.loadavg()[0] ?? 0, minutes });
}

function writeReport(r: { sources: number; mpx: number[]; ours: Map<number, Measured[]>; reference: ReferenceMeasured[]; loadBefore: number; loadAfter: number; minutes: number }): void {
  const [small, mid, large] = SIZES.map(({ n }) => n) as [number, number, number];
  const oursAt = (n: number) => r.ours.get(n)!;
  const rate = (ms: Measured[], n: number) => toStats(ms.map((m) => n / m.seconds));
  const wall = (ms: Measured[]) => toStats(ms.map((m) => m.seconds));
  const rss = (ms: Measured[]) => toStats(ms.map((m) => m.rssKb / 1024));
  const perImage = (n: number) => toStats(oursAt(n).map((m) => m.seconds / n));
  const ref = { rate: rate(r.reference, REFERENCE.n), wall: wall(r.reference), rss: rss(r.reference), pool: toStats(r.reference.map((m) => m.poolBoundKb / 1024)) };
  const timeRatio = wall(oursAt(mid)).median / ref.wall.median;
  const rssRatio = rss(oursAt(mid)).median / ref.rss.median;
  const growth = perImage(large).median / perImage(small).median;
  // Marginal seconds per image between sizes: the fixed cost of a run (start-up, model load) drops out.
  const marginalLow = (wall(oursAt(mid)).median - wall(oursAt(small)).median) / (mid - small);
  const marginalHigh = (wall(oursAt(large)).median - wall(oursAt(mid)).median) / (large - mid);
  const mixOf = (n: number) => {
    const m = r.mpx.slice(0, n);
    return `${m.filter((x) => x >= 23.9).length} at 24 Mpx, ${m.filter((x) => x <= 2.1).length} at about 2 Mpx, ${m.filter((x) => x > 2.1 && x < 23.9).length} between (${Math.min(...m).toFixed(1)}–${Math.max(...m).toFixed(1)} Mpx, mean ${(m.reduce((s, x) => s + x, 0) / n).toFixed(1)} Mpx)`;
  };
  const command = `${SCALE === 1 ? '' : `BENCH_E2E_SCALE=${SCALE} `}npx tsx bench/run-e2e.bench.ts`;
  const cpu = os.cpus()[0]?.model.trim() ?? 'unknown CPU';
  const lines = [
    '## `run --no-caption` end to end: throughput, peak RSS and scaling',
    '',
    ...(SCALE === 1 ? [] : [`**Reduced-scale run (BENCH_E2E_SCALE=${SCALE}): ${small}, ${mid} and ${large} images instead of 25, 100 and 400. A quick check that the benchmark works, not a result; run it without BENCH_E2E_SCALE for the figures.**`, '']),
    `Machine: ${os.cpus().length} cores (${cpu}), ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB RAM, ${os.type()} ${os.release()}. Versions: ${versions()}. Command: \`${command}\` (needs \`npm run build\`; installs libvips-tools, python3-opencv, opencv-data and time from apt if missing). The measurements took ${r.minutes.toFixed(1)} minutes.`,
    '',
    `Input: ${large} distinct photographs made once (and cached) from the ${r.sources} real photos of packages/testkit/corpus/build-samples.sh with sharp: a seeded crop, mirror, hue and brightness per image, one in five upscaled to 6000×4000 and one in five reduced to about 2 Mpx; distinct bytes (SHA-256) and pixels. The ${small}-image set is the first ${small} of the ${mid}, the ${mid} the first ${mid} of the ${large}, so growth measures the count, not the content. ${mid} images: ${mixOf(mid)}.`,
    '',
    `Ours: \`node apps/orchestrator/bin/proofsheet.mjs run --no-caption\` as a child process with the default configuration (\`init\`, then \`set add\`, not timed), a fresh project for every measurement; wall time of that process and its peak RSS (GNU time, \`%M\`; the worker threads are in the same process). After each run every row was checked to be Pending with its three derivatives and no error or duplicate. The reference, on the same ${REFERENCE.n} images: one worker per core (${os.cpus().length}), each taking the next image, making the three derivatives with \`vipsthumbnail\` (three invocations: ${DERIVATIVES.map((d) => `${d.longEdge} px q${d.quality}`).join(', ')}, sRGB) and scoring it in its own long-lived OpenCV process (bench/lib/opencv-brisque-worker.py: proxy ≤ 4096 px, BRISQUE, Laplacian variance, grey mean and std). Ours also does stages 1–4 (hashing, copying to incoming, EXIF, naming, the SQLite queue), which the reference does not. Figures are min / median / max over the runs (n each).`,
    '',
    '| pipeline | images | n | images/s | wall s | peak RSS MB |',
    '|---|---|---|---|---|---|',
    ...SIZES.map(({ n }) => `| ours (\`run --no-caption\`) | ${n} | ${oursAt(n).length} | ${range(rate(oursAt(n), n), 2)} | ${range(wall(oursAt(n)), 1)} | ${range(rss(oursAt(n)), 0)} |`),
    `| reference (\`vipsthumbnail\` ×3 + OpenCV BRISQUE, ${os.cpus().length} workers) | ${REFERENCE.n} | ${r.reference.length} | ${range(ref.rate, 2)} | ${range(ref.wall, 1)} | ${range(ref.rss, 0)} (largest process; all workers' peaks summed: ${range(ref.pool, 0)}) |`,
    '',
    `- **Time, ours / reference (${mid} images, medians): ${timeRatio.toFixed(2)}×** (ours ${wall(oursAt(mid)).median.toFixed(1)} s, reference ${ref.wall.median.toFixed(1)} s; best against best ${(wall(oursAt(mid)).min / ref.wall.min).toFixed(2)}×). Above 1 means ours is slower.`,
    `- **Peak RSS, ours / reference's largest process (${mid} images, medians): ${rssRatio.toFixed(2)}×**; against the reference pool's summed peaks: ${(rss(oursAt(mid)).median / ref.pool.median).toFixed(2)}×.`,
    '',
    '| images | n | seconds per image (ours) | relative to the smallest set (medians) |',
    '|---|---|---|---|',
    ...SIZES.map(({ n }) => `| ${n} | ${oursAt(n).length} | ${range(perImage(n), 3)} | ${(perImage(n).median / perImage(small).median).toFixed(2)}× |`),
    '',
    `- **Scaling: seconds per image at ${large} images / at ${small} images = ${growth.toFixed(2)}×** (linear ≈ 1; criterion ≤ ${LINEAR_LIMIT}×): **${growth <= LINEAR_LIMIT ? 'met' : 'NOT met'}**.${oursAt(large).length === 1 ? ` The ${large}-image run was measured once (n=1).` : ''}`,
    `- Marginal seconds per image (fixed start-up cost removed): ${marginalLow.toFixed(3)} from ${small} to ${mid} images, ${marginalHigh.toFixed(3)} from ${mid} to ${large} (${(marginalHigh / marginalLow).toFixed(2)}×).`,
    '',
    `Load average (1 min) ${r.loadBefore.toFixed(1)} before and ${r.loadAfter.toFixed(1)} after the measurements: a load well above the core count means other work shared the CPUs, and the times are inflated.`,
    '',
  ];
  fs.mkdirSync(path.join(ROOT, 'bench/results'), { recursive: true });
  fs.writeFileSync(path.join(ROOT, 'bench/results/run-e2e.md'), lines.join('\n'));
  process.stdout.write(`${lines.join('\n')}\n`);
}

await main();
