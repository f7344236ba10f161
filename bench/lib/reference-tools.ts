// The reference tools the benchmarks measure the pipeline against, shared by the benchmarks that
// use them: the libvips CLI (`vipsthumbnail`, Debian libvips-tools) and OpenCV's BRISQUE
// (Debian python3-opencv with the LIVE model from opencv-data).
import { execFileSync, execSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { DERIVATIVES } from '@proofsheet/stages';

export const PYTHON = '/usr/bin/python3';
export const BRISQUE_MODEL = '/usr/share/opencv4/quality/brisque_model_live.yml';

export const has = (cmd: string) => { try { execSync(cmd, { stdio: 'ignore' }); return true; } catch { return false; } };

/** Installs libvips-tools, python3-opencv and opencv-data from apt unless they are all present. */
export function ensureTools(): void {
  const ok = has('command -v vipsthumbnail') && has(`${PYTHON} -c "import cv2; cv2.quality"`) && fs.existsSync(BRISQUE_MODEL);
  if (ok) return;
  execSync('apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libvips-tools python3-opencv opencv-data', { stdio: 'inherit' });
}

/** `vipsthumbnail` arguments making one derivative of stage 6 (size, quality, sRGB) from `file` into `outDir`. */
export function vipsArgs(file: string, outDir: string): string[][] {
  return DERIVATIVES.map((d) => [file, '-s', `${d.longEdge}x${d.longEdge}>`, '--export-profile', 'srgb', '-o', `${path.join(outDir, d.fileName)}[Q=${d.quality}]`]);
}

/** The three derivatives of stage 6 by the libvips CLI: three `vipsthumbnail` invocations. */
export function runVips(file: string, outDir: string): void {
  for (const args of vipsArgs(file, outDir)) execFileSync('vipsthumbnail', args);
}
