import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { expect } from 'vitest';
import { createOllamaStandIn, createTempDir, readProjectRows, runProofsheet, type TempDir } from '@proofsheet/testkit';
import { SAMPLES } from '../helpers.js';

/** A row as `proofsheet rows --json` prints it (the fields these tests read). */
export interface BatchRow {
  readonly id: number;
  readonly File_Name: string;
  readonly Original_File_Name: string;
  readonly Review_Status: string;
  readonly Caption: string | null;
}

/** How many photos the batch has: the 4 bundled landscapes and 8 derived from them. */
export const BATCH_SIZE = 12;

/**
 * 12 distinct photographs in `dir`: the 4 bundled samples as they are, and 8 crops of them, flipped
 * and tinted differently (so their content hashes differ and the pipeline keeps every one), with
 * the source's EXIF kept so the names come from the date taken as for a real camera file.
 */
export async function makeBatchPhotos(dir: string): Promise<void> {
  fs.mkdirSync(dir, { recursive: true });
  const sources = fs.readdirSync(SAMPLES).filter((f) => f.toLowerCase().endsWith('.jpg')).sort();
  for (const file of sources) fs.copyFileSync(path.join(SAMPLES, file), path.join(dir, file));
  for (let i = 0; i < BATCH_SIZE - sources.length; i += 1) {
    const source = path.join(SAMPLES, sources[i % sources.length]!);
    const { width = 1200, height = 800 } = await sharp(source).metadata();
    const crop = { left: Math.round(width * 0.05 * (1 + (i % 4))), top: Math.round(height * 0.04 * (1 + (i % 3))), width: Math.round(width * 0.7), height: Math.round(height * 0.7) };
    let image = sharp(source).keepExif().extract(crop).resize(1200).modulate({ hue: (i * 53) % 360, brightness: 0.85 + (i % 4) * 0.08 });
    if (i % 2 === 1) image = image.flop();
    await image.jpeg({ quality: 88 }).toFile(path.join(dir, `derived_${String(i + 1).padStart(2, '0')}.jpg`));
  }
}

/** A project made by the real pipeline from the 12 photos, captioned by the Ollama stand-in; copied for each test. */
let template: { dir: TempDir; root: string } | null = null;

/**
 * Seeds the template once per file: `init`, `set add` and `run` through the CLI, with the caption
 * step talking to the Ollama stand-in (so every row has AI text and its provenance, as in production).
 */
export async function seedBatchTemplate(): Promise<string> {
  if (template !== null) return template.root;
  const dir = createTempDir('proofsheet-review-batch-');
  const root = dir.join('project');
  await makeBatchPhotos(dir.join('photos'));
  const ollama = await createOllamaStandIn({ models: [{ name: 'qwen2.5vl:7b', parallel: 4 }] });
  try {
    const env = { PROOFSHEET_CAPTION__HOSTS: JSON.stringify([{ url: ollama.url, slots: 4 }]) };
    const steps: string[][] = [
      ['init', '--root', root],
      ['set', 'add', dir.join('photos'), '--subject', 'Sierra', '--location', 'País Vasco', '--category', 'Landscapes', '--root', root],
      ['run', '--root', root],
    ];
    for (const args of steps) {
      const run = await runProofsheet(args, { env, timeoutMs: 120_000 });
      if (run.code !== 0) throw new Error(`proofsheet ${args[0]} failed (${run.code}): ${run.stderr}`);
    }
  } finally {
    await ollama.close();
  }
  const rows = await readProjectRows<BatchRow>(root);
  if (rows.length !== BATCH_SIZE) throw new Error(`the pipeline made ${rows.length} rows of ${BATCH_SIZE} photos`);
  template = { dir, root };
  return root;
}

/** A fresh copy of the seeded batch project under `tmp`; returns its root. */
export async function copyBatchProject(tmp: TempDir): Promise<string> {
  const source = await seedBatchTemplate();
  const root = tmp.join('project');
  fs.cpSync(source, root, { recursive: true });
  return root;
}

/** Removes the template (call in afterAll). */
export function removeBatchTemplate(): void {
  template?.dir.remove();
  template = null;
}

/** `expect.poll` with room for a loaded machine: the default second is short beside a busy Chromium. */
export const eventually = <T>(read: () => T | Promise<T>) => expect.poll(read, { timeout: 10_000 });
