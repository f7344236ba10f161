import { mkdir, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { toComparable, toWords } from './guardrails.js';
import type { CaptionOutcome } from './types.js';

/** One captioned row as the QC report sees it. */
export interface QcRow {
  readonly id: number | string;
  readonly file_name: string;
  readonly subject: string;
  readonly location: string;
  readonly caption: string;
  readonly alt_text: string;
  readonly keywords: readonly string[];
  readonly outcome: CaptionOutcome['kind'];
  /** Guardrail or quarantine reasons the stage gave. */
  readonly reasons: readonly string[];
}

/** The prefill QC report (SPEC §7; field names follow the original's `prefill_qc_last.json`). */
export interface PrefillQcReport {
  readonly summary: {
    readonly row_count: number;
    readonly caption_dup_groups: number;
    readonly caption_dup_rows: number;
    readonly alt_dup_groups: number;
    readonly alt_dup_rows: number;
    readonly keywords_dup_groups: number;
    readonly keywords_dup_rows: number;
    readonly caption_alt_equal_rows: number;
    readonly caption_too_short_rows: number;
    readonly alt_too_short_rows: number;
    readonly too_few_keywords_rows: number;
    readonly needs_review_rows: number;
    readonly quarantined_rows: number;
    readonly deferred_rows: number;
    readonly duplicate_rows_total: number;
    readonly flagged_rows_total: number;
    readonly sample_ids: ReadonlyArray<number | string>;
    readonly generated_at: string;
  };
  readonly flagged: ReadonlyArray<{ id: number | string; file_name: string; subject: string; location: string; reasons: string[] }>;
}

/** How many flagged ids the summary samples. */
export const QC_SAMPLE_SIZE = 12;

function groupDuplicates(rows: readonly QcRow[], key: (row: QcRow) => string): Array<QcRow[]> {
  const groups = new Map<string, QcRow[]>();
  for (const row of rows) {
    const k = key(row);
    if (k === '') continue;
    groups.set(k, [...(groups.get(k) ?? []), row]);
  }
  return [...groups.values()].filter((g) => g.length > 1);
}

/** Builds the report from the rows of one run (only rows that have text are checked for duplicates). */
export function buildPrefillQcReport(rows: readonly QcRow[], generatedAt: Date): PrefillQcReport {
  const reasons = new Map<number | string, Set<string>>();
  const flag = (row: QcRow, reason: string) => reasons.set(row.id, (reasons.get(row.id) ?? new Set()).add(reason));
  const texted = rows.filter((r) => r.caption !== '' || r.alt_text !== '' || r.keywords.length > 0);
  const captionDups = groupDuplicates(texted, (r) => toComparable(r.caption));
  const altDups = groupDuplicates(texted, (r) => toComparable(r.alt_text));
  const keywordDups = groupDuplicates(texted, (r) => [...new Set(r.keywords.map(toComparable))].sort().join('|'));
  for (const g of captionDups) for (const r of g) flag(r, 'duplicate_caption_exact');
  for (const g of altDups) for (const r of g) flag(r, 'duplicate_alt_exact');
  for (const g of keywordDups) for (const r of g) flag(r, 'duplicate_keywords_signature');
  const duplicateIds = new Set(reasons.keys());
  const checks: Array<[string, (r: QcRow) => boolean]> = [
    ['caption_equals_alt', (r) => r.caption !== '' && toComparable(r.caption) === toComparable(r.alt_text)],
    ['caption_too_short', (r) => toWords(r.caption).length < 8],
    ['alt_too_short', (r) => toWords(r.alt_text).length < 8],
    ['too_few_keywords', (r) => r.keywords.length < 5],
  ];
  const tally: Record<string, number> = {};
  for (const [name, failed] of checks) {
    const hits = texted.filter(failed);
    tally[name] = hits.length;
    for (const r of hits) flag(r, name);
  }
  for (const r of rows) {
    if (r.outcome === 'needs_review' || r.outcome === 'quarantined') for (const reason of r.reasons) flag(r, reason);
  }
  const flagged = rows.filter((r) => reasons.has(r.id)).map((r) => ({ id: r.id, file_name: r.file_name, subject: r.subject, location: r.location, reasons: [...reasons.get(r.id)!] }));
  const count = (kind: CaptionOutcome['kind']) => rows.filter((r) => r.outcome === kind).length;
  return {
    summary: {
      row_count: rows.length,
      caption_dup_groups: captionDups.length, caption_dup_rows: captionDups.flat().length,
      alt_dup_groups: altDups.length, alt_dup_rows: altDups.flat().length,
      keywords_dup_groups: keywordDups.length, keywords_dup_rows: keywordDups.flat().length,
      caption_alt_equal_rows: tally.caption_equals_alt!, caption_too_short_rows: tally.caption_too_short!,
      alt_too_short_rows: tally.alt_too_short!, too_few_keywords_rows: tally.too_few_keywords!,
      needs_review_rows: count('needs_review'), quarantined_rows: count('quarantined'), deferred_rows: count('deferred'),
      duplicate_rows_total: duplicateIds.size, flagged_rows_total: flagged.length,
      sample_ids: flagged.slice(0, QC_SAMPLE_SIZE).map((f) => f.id), generated_at: generatedAt.toISOString(),
    },
    flagged,
  };
}

/** Turns a caption outcome into a {@link QcRow}. */
export function toQcRow(input: { id: number | string; fileName: string; subject: string; location: string }, outcome: CaptionOutcome): QcRow {
  const value = outcome.kind === 'done' || outcome.kind === 'needs_review' ? outcome.value : undefined;
  const reasons = outcome.kind === 'needs_review' || outcome.kind === 'quarantined' ? outcome.reasons : [];
  return {
    id: input.id, file_name: input.fileName, subject: input.subject, location: input.location,
    caption: value?.caption ?? '', alt_text: value?.alt_text ?? '', keywords: value?.keywords ?? [], outcome: outcome.kind, reasons,
  };
}

/** Writes the report as JSON to every path (e.g. `logs/runs/<run_id>/prefill_qc.json` and `data/prefill_qc_last.json`), atomically. */
export async function writePrefillQcReport(report: PrefillQcReport, files: readonly string[]): Promise<void> {
  const text = `${JSON.stringify(report, null, 2)}\n`;
  for (const file of files) {
    await mkdir(path.dirname(file), { recursive: true });
    const temp = `${file}.${process.pid}.tmp`;
    await writeFile(temp, text);
    await rename(temp, file);
  }
}
