/**
 * Writes test/fixtures/opencv-parity.json: OpenCV's BRISQUE (LIVE model), Laplacian variance and
 * grey mean/std for the parity images, computed by Debian's python3-opencv on lossless PNGs of
 * exactly the pixels the test feeds the ONNX graph. Run once when the images change (installs
 * python3-opencv and opencv-data with apt when they are missing):
 *
 *   npx tsx packages/stages/scripts/parity/build-parity-fixtures.ts
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildParityImages, toPixelHash, writePng } from '../../test/parity-images.js';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const OUT = path.resolve(HERE, '../../test/fixtures/opencv-parity.json');

interface OpenCvValues {
  readonly file: string;
  readonly brisque: number;
  readonly laplacian_variance: number;
  readonly grey_mean: number;
  readonly grey_std: number;
}

/** Installs Debian's OpenCV bindings and its BRISQUE model data when they are missing. */
export function ensureOpenCv(): void {
  try {
    execFileSync('/usr/bin/python3', ['-c', 'import cv2; cv2.quality'], { stdio: 'ignore' });
    if (existsSync('/usr/share/opencv4/quality/brisque_model_live.yml')) return;
  } catch {
    // not installed yet
  }
  execFileSync('bash', ['-c', 'apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-opencv opencv-data'], { stdio: 'inherit' });
}

/** Runs the OpenCV reference script on PNG files. */
export function runOpenCvReference(files: readonly string[]): OpenCvValues[] {
  const stdout = execFileSync('/usr/bin/python3', [path.join(HERE, 'opencv-reference.py'), ...files], { maxBuffer: 64 * 1024 * 1024 });
  return JSON.parse(stdout.toString('utf8')) as OpenCvValues[];
}

async function main(): Promise<void> {
  ensureOpenCv();
  const dir = mkdtempSync(path.join(os.tmpdir(), 'parity-'));
  try {
    const images = await buildParityImages();
    const files: string[] = [];
    for (const { id, image } of images) {
      const file = path.join(dir, `${id}.png`);
      await writePng(image, file);
      files.push(file);
    }
    const reference = runOpenCvReference(files);
    const opencv = execFileSync('/usr/bin/python3', ['-c', 'import cv2; print(cv2.__version__)']).toString().trim();
    const entries = images.map(({ id, image }, i) => {
      const r = reference[i];
      if (r === undefined) throw new Error(`no reference for ${id}`);
      return { id, width: image.width, height: image.height, pixels: toPixelHash(image), brisque: r.brisque, laplacian_variance: r.laplacian_variance, grey_mean: r.grey_mean, grey_std: r.grey_std };
    });
    writeFileSync(OUT, `${JSON.stringify({ opencv, model: 'brisque_model_live.yml', entries }, null, 1)}\n`);
    process.stdout.write(`wrote ${entries.length} entries to ${OUT}\n`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] !== undefined && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await main();
