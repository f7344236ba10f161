import path from 'node:path';
import { ProofsheetError, toProofsheetError } from '@proofsheet/core';
import { createQualityScorer, scoreFile, type QualityScorer, type QualityScores } from '@proofsheet/stages';
import type { CommandSpec } from '../cli/command.js';
import { EXIT } from '../cli/exit-codes.js';

/** One entry of `proofsheet score --json` (SPEC §13). */
export type ScoreEntry =
  | (QualityScores & {
      readonly file: string;
      readonly ok: true;
      readonly QR: number | null;
      readonly QC_Status: string;
      readonly provider: string;
    })
  | { readonly file: string; readonly ok: false; readonly error_code: string; readonly message: string };

const fmt = (value: number | null, digits = 2) => (value === null ? 'NULL' : value.toFixed(digits));

async function scoreOne(scorer: QualityScorer, file: string, absolute: string): Promise<ScoreEntry> {
  try {
    const r = await scoreFile(scorer, absolute);
    return {
      file,
      ok: true,
      blur_score: r.blur_score,
      brightness_score: r.brightness_score,
      contrast_score: r.contrast_score,
      brisque_score: r.brisque_score,
      nima_score: r.nima_score,
      clip_aesthetic_score: r.clip_aesthetic_score,
      QR: r.QR,
      QC_Status: r.QC_Status,
      provider: r.quality_detail.provider,
    };
  } catch (error) {
    return toFailedEntry(file, error);
  }
}

/**
 * The entry of a file that failed with `error`. Only a row-kind error (the file is unreadable,
 * not an image, cannot be scored) is a per-file failure; anything else is rethrown: an
 * operational error aborts the command (exit 3) and a bug (`INTERNAL`, or any error no adapter
 * translated) stops it with exit 70.
 */
export function toFailedEntry(file: string, error: unknown): ScoreEntry {
  const e = toProofsheetError(error);
  if (e.kind !== 'row') throw error; // the original, so that exit 70 prints the bug's own stack
  return { file, ok: false, error_code: e.code, message: e.message };
}

/**
 * `proofsheet score <file>... [--json]`: stage 5's exact code on files outside the queue. One line
 * (or JSON entry) per file; a file that fails gets its error code; exit 1 when any file failed.
 */
export const scoreCommand: CommandSpec = {
  name: 'score',
  summary: 'quality metrics for files (same code as stage 5)',
  synopsis: 'proofsheet score <file>... [--json]',
  maxPositionals: 10_000,
  async run(ctx) {
    if (ctx.positionals.length === 0) throw new ProofsheetError('USAGE', 'score needs at least one file: proofsheet score <file>...');
    const { config } = ctx.loadConfig();
    const scorer = await createQualityScorer({
      providers: config.quality.providers,
      models: config.quality.models,
      proxyMaxEdge: config.quality.proxyMaxEdge,
      baseDir: ctx.root,
      log: (line) => ctx.io.err(line),
    });
    const entries: ScoreEntry[] = [];
    try {
      for (const file of ctx.positionals) {
        const entry = await scoreOne(scorer, file, path.resolve(ctx.cwd, file));
        entries.push(entry);
        ctx.say(
          entry.ok
            ? `ok    ${file}  QR=${fmt(entry.QR)} ${entry.QC_Status}  blur=${fmt(entry.blur_score)} brightness=${fmt(entry.brightness_score)} ` +
                `contrast=${fmt(entry.contrast_score)} brisque=${fmt(entry.brisque_score)} nima=${fmt(entry.nima_score)} ` +
                `clip=${fmt(entry.clip_aesthetic_score)} provider=${entry.provider}`
            : `FAIL  ${file}  ${entry.error_code}: ${entry.message}`,
        );
      }
    } finally {
      await scorer.close();
    }
    ctx.emit(entries);
    return entries.every((e) => e.ok) ? EXIT.ok : EXIT.rowsFailed;
  },
};

