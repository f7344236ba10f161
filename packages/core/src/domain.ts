/**
 * Domain vocabulary shared by every package: statuses, stages and quality bands. Column and status
 * spellings follow the original system so that an existing catalog keeps working.
 */

/** `Review_Status` values (SPEC §3). */
export const REVIEW_STATUSES = [
  'Queued',
  'Pending',
  'Metadata_Needs_Work',
  'Approved',
  'Rejected',
  'Published',
  'Error',
] as const;
export type ReviewStatus = (typeof REVIEW_STATUSES)[number];

/** `QC_Status` values: quality bands plus failure markers (SPEC §3). */
export const QC_STATUSES = [
  'NA',
  'Top',
  'Good',
  'Average',
  'Low',
  'Very Low',
  'ScoringFailed',
  'ResizeFailed',
  'CaptionQuarantined',
] as const;
export type QcStatus = (typeof QC_STATUSES)[number];

/** The quality band for a QR value (SPEC §3: Top ≥ 7.5, Good ≥ 6.5, Average ≥ 5.5, Low ≥ 4.5). */
export function toQcStatus(qr: number | null): QcStatus {
  if (qr === null || Number.isNaN(qr)) return 'NA';
  if (qr >= 7.5) return 'Top';
  if (qr >= 6.5) return 'Good';
  if (qr >= 5.5) return 'Average';
  if (qr >= 4.5) return 'Low';
  return 'Very Low';
}

/** Stage names (kebab-case literals), in pipeline order. */
export const STAGE_NAMES = ['validate', 'stage', 'exif-name', 'insert', 'quality', 'derive', 'caption', 'review'] as const;
export type StageName = (typeof STAGE_NAMES)[number];

/** One pipeline stage: its number (1–8), name and the title used in `[STAGE n/8] <title>` lines. */
export interface StageInfo {
  readonly number: number;
  readonly name: StageName;
  readonly title: string;
}

/** The stage catalog (SPEC §3). Keyed by name so the compiler checks that every stage is listed. */
export const STAGES: { readonly [K in StageName]: StageInfo } = {
  validate: { number: 1, name: 'validate', title: 'Validate sets' },
  stage: { number: 2, name: 'stage', title: 'Stage to incoming' },
  'exif-name': { number: 3, name: 'exif-name', title: 'EXIF and naming' },
  insert: { number: 4, name: 'insert', title: 'Insert review rows' },
  quality: { number: 5, name: 'quality', title: 'Quality scoring' },
  derive: { number: 6, name: 'derive', title: 'Derivatives' },
  caption: { number: 7, name: 'caption', title: 'Caption prefill' },
  review: { number: 8, name: 'review', title: 'Review' },
};

/** Total number of stages, for `[STAGE n/8]`. */
export const STAGE_COUNT = STAGE_NAMES.length;

/** The human stage header, e.g. `[STAGE 5/8] Quality scoring`. */
export function toStageHeader(name: StageName): string {
  const stage = STAGES[name];
  return `[STAGE ${stage.number}/${STAGE_COUNT}] ${stage.title}`;
}

/** Image formats the pipeline accepts (SPEC §3 stage 1). HEIC depends on the platform's decoder. */
export const SUPPORTED_IMAGE_EXTENSIONS = ['.jpg', '.jpeg', '.png', '.tif', '.tiff', '.webp', '.heic', '.heif'] as const;
