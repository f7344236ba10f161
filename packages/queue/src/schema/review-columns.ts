import { ProofsheetError, type QcStatus, type ReviewStatus } from '@proofsheet/core';

/**
 * The columns of `review_queue`, in table order: the original's 52 (original spelling) followed by
 * SPEC §4's. `proofsheet rows --json` keys its objects by exactly these names.
 */
export const REVIEW_QUEUE_COLUMNS = [
  'id', 'Folder', 'File_Name', 'Path', 'ollama_path', 'Thumb_Path', 'DateTime', 'Camera', 'Lens_model', 'Width', 'Height',
  'Exposure', 'Aperture', 'ISO', 'Focal_length', 'Keywords', 'Caption', 'alt_text', 'Location', 'Subject', 'nima_score',
  'blur_score', 'brightness_score', 'contrast_score', 'QR', 'QC_Status', 'Review_Status', 'Original_File_Name',
  'brisque_score', 'clip_aesthetic_score', 'identifier_route', 'identifier_category', 'identifier_subject',
  'identifier_confidence', 'subject_seed', 'subject_seed_mode', 'subject_seed_confidence', 'subject_seed_reason',
  'identifier_raw_json', 'ai_suggested_subject', 'final_subject', 'batch_set_index', 'batch_set_total', 'series_key',
  'series_cluster_index', 'series_position', 'series_count', 'series_similarity_score', 'series_reason', 'visual_hash',
  'visual_variant', 'metadata_version',
  'set_id', 'run_id', 'content_sha256', 'source_path', 'incoming_path', 'stage_done', 'error_code', 'error_message',
  'error_stage', 'attempts', 'quality_detail', 'caption_provenance', 'caption_skipped', 'flag_reasons', 'created_at',
  'updated_at',
] as const;

/** A `review_queue` column name. */
export type ReviewColumn = (typeof REVIEW_QUEUE_COLUMNS)[number];

/** The 52 columns of the original `review_queue` (original-system §3.1). */
export const ORIGINAL_REVIEW_COLUMN_COUNT = 52;

/** A full `review_queue` row as stored. */
export interface ReviewRow {
  readonly id: number;
  readonly Folder: string | null;
  readonly File_Name: string | null;
  readonly Path: string | null;
  readonly ollama_path: string | null;
  readonly Thumb_Path: string | null;
  readonly DateTime: string | null;
  readonly Camera: string | null;
  readonly Lens_model: string | null;
  readonly Width: number | null;
  readonly Height: number | null;
  readonly Exposure: string | null;
  readonly Aperture: string | null;
  readonly ISO: number | null;
  readonly Focal_length: number | null;
  readonly Keywords: string | null;
  readonly Caption: string | null;
  readonly alt_text: string | null;
  readonly Location: string | null;
  readonly Subject: string | null;
  readonly nima_score: number | null;
  readonly blur_score: number | null;
  readonly brightness_score: number | null;
  readonly contrast_score: number | null;
  readonly QR: number | null;
  readonly QC_Status: QcStatus;
  readonly Review_Status: ReviewStatus;
  readonly Original_File_Name: string | null;
  readonly brisque_score: number | null;
  readonly clip_aesthetic_score: number | null;
  readonly identifier_route: string | null;
  readonly identifier_category: string | null;
  readonly identifier_subject: string | null;
  readonly identifier_confidence: number | null;
  readonly subject_seed: string | null;
  readonly subject_seed_mode: string | null;
  readonly subject_seed_confidence: number | null;
  readonly subject_seed_reason: string | null;
  readonly identifier_raw_json: string | null;
  readonly ai_suggested_subject: string | null;
  readonly final_subject: string | null;
  readonly batch_set_index: number | null;
  readonly batch_set_total: number | null;
  readonly series_key: string | null;
  readonly series_cluster_index: number | null;
  readonly series_position: number | null;
  readonly series_count: number | null;
  readonly series_similarity_score: number | null;
  readonly series_reason: string | null;
  readonly visual_hash: string | null;
  readonly visual_variant: string | null;
  readonly metadata_version: number | null;
  readonly set_id: number | null;
  readonly run_id: string | null;
  readonly content_sha256: string | null;
  readonly source_path: string | null;
  readonly incoming_path: string | null;
  /** Last completed stage number (0–7); a resumed run continues at `stage_done + 1`. */
  readonly stage_done: number;
  readonly error_code: string | null;
  readonly error_message: string | null;
  readonly error_stage: number | null;
  readonly attempts: number;
  /** JSON: which quality metrics ran, on which execution provider. */
  readonly quality_detail: string | null;
  /** JSON: caption model, host, prompt hash, options, attempts, latency. */
  readonly caption_provenance: string | null;
  readonly caption_skipped: number;
  /** JSON array of reasons a row is flagged `Metadata_Needs_Work`. */
  readonly flag_reasons: string | null;
  readonly created_at: string;
  readonly updated_at: string;
}

/** Columns the queue manages itself; they are never set through a plain field patch. */
export const MANAGED_COLUMNS = ['id', 'File_Name', 'Review_Status', 'error_code', 'error_message', 'error_stage', 'attempts', 'created_at', 'updated_at'] as const satisfies readonly ReviewColumn[];

/** Values a caller may set on a row (insert values, field edits): every column except the managed ones. */
export type ReviewRowValues = Partial<Omit<ReviewRow, (typeof MANAGED_COLUMNS)[number]>>;

const COLUMN_SET = new Set<string>(REVIEW_QUEUE_COLUMNS);
const MANAGED_SET = new Set<string>(MANAGED_COLUMNS);

/**
 * The entries of `values` as `[column, value]` pairs, refusing unknown and managed columns (a typo
 * must never silently drop data). Undefined values are skipped.
 */
export function toColumnEntries(values: Readonly<Record<string, unknown>>): Array<[ReviewColumn, unknown]> {
  const entries: Array<[ReviewColumn, unknown]> = [];
  for (const [key, value] of Object.entries(values)) {
    if (value === undefined) continue;
    if (!COLUMN_SET.has(key)) throw new ProofsheetError('INTERNAL', `review_queue has no column "${key}"`);
    if (MANAGED_SET.has(key)) throw new ProofsheetError('INTERNAL', `review_queue column "${key}" is managed by the queue and cannot be set directly`);
    entries.push([key as ReviewColumn, value]);
  }
  return entries;
}
