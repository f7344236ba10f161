// The reference tools the benchmarks measure the pipeline against, shared by the benchmarks that
// use them: the libvips CLI (`vipsthumbnail`, Debian libvips-tools), ImageMagick (Debian imagemagick)
// and OpenCV's BRISQUE (Debian python3-opencv with the LIVE model from opencv-data).
import { execFileSync, execSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { DERIVATIVES } from '@proofsheet/stages';

export const PYTHON = '/usr/bin/python3';
export const BRISQUE_MODEL = '/usr/share/opencv4/quality/brisque_model_live.yml';

export const has = (cmd: string) => { try { execSync(cmd, { stdio: 'ignore' }); return true; } catch { return false; } };

/**
 * ImageMagick's command: `magick` (version 7) where it exists, else `convert` (version 6), or null.
 * A command counts only if `-version` names ImageMagick (a `convert` on the PATH may be something else).
 */
export function imageMagickCommand(): string | null {
  for (const command of ['magick', 'convert']) {
    const result = spawnSync(command, ['-version'], { encoding: 'utf8' });
    if (!result.error && /^Version: ImageMagick/m.test(result.stdout ?? '')) return command;
  }
  return null;
}

/** Installs libvips-tools, imagemagick, python3-opencv and opencv-data from apt unless they are all present. */
export function ensureTools(): void {
  const ok = has('command -v vipsthumbnail') && imageMagickCommand() !== null && has(`${PYTHON} -c "import cv2; cv2.quality"`) && fs.existsSync(BRISQUE_MODEL);
  if (ok) return;
  execSync('apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libvips-tools imagemagick python3-opencv opencv-data', { stdio: 'inherit' });
}

/** `vipsthumbnail` arguments making one derivative of stage 6 (size, quality, sRGB) from `file` into `outDir`. */
export function vipsArgs(file: string, outDir: string): string[][] {
  return DERIVATIVES.map((d) => [file, '-s', `${d.longEdge}x${d.longEdge}>`, '--export-profile', 'srgb', '-o', `${path.join(outDir, d.fileName)}[Q=${d.quality}]`]);
}

/** The three derivatives of stage 6 by the libvips CLI: three `vipsthumbnail` invocations. */
export function runVips(file: string, outDir: string): void {
  for (const args of vipsArgs(file, outDir)) execFileSync('vipsthumbnail', args);
}

/**
 * ImageMagick arguments making the same three derivatives as {@link vipsArgs}, one invocation each:
 * JPEG shrink-on-load to at least twice the long edge (`-define jpeg:size`, as vipsthumbnail shrinks
 * on load), EXIF orientation applied, fitted inside the long edge (never enlarged), converted from
 * any embedded profile to sRGB (`srgbProfile`, an ICC file) after the resize, at the same JPEG quality.
 */
export function imageMagickArgs(file: string, outDir: string, srgbProfile: string): string[][] {
  return DERIVATIVES.map((d) => [
    '-define', `jpeg:size=${2 * d.longEdge}x${2 * d.longEdge}`, file, '-auto-orient', '-resize', `${d.longEdge}x${d.longEdge}>`,
    '-profile', srgbProfile, '-quality', String(d.quality), path.join(outDir, d.fileName),
  ]);
}

/** The three derivatives of stage 6 by ImageMagick (`command` from {@link imageMagickCommand}): three invocations. */
export function runImageMagick(command: string, file: string, outDir: string, srgbProfile: string): void {
  for (const args of imageMagickArgs(file, outDir, srgbProfile)) execFileSync(command, args);
}
