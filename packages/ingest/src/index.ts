/**
 * @proofsheet/ingest — stages 1–4 without the database: set validation, file discovery, staging
 * copy with hashing and verification, duplicate lookup (through a callback), EXIF and the pure
 * filename builder. The pipeline composes these over the queue.
 */
export { toSlug, toCategorySlug, toAsciiLetters } from './naming/slug.js';
export { toCameraSlug } from './naming/camera-slug.js';
export {
  toFilenamePrefix,
  toFileName,
  toMaxNameLength,
  toPreviewFilename,
  PREVIEW_CAMERA,
  SEQ_DIGITS,
  FILENAME_EXTENSION,
  type FilenameParts,
} from './naming/build-filename.js';
export { readExif, type RawExif, type ExifReading } from './exif/read-exif.js';
export { toExifColumns, toExposureText, toExifDateTime, toNameYear, type ExifColumns } from './exif/exif-columns.js';
export { nameStagedFile, type NamedFile, type NamingOptions, type NamingSet } from './exif/name-file.js';
export { listSetFiles, type SetFileEntry, type SetFileListing } from './files/list-set-files.js';
export { sniffImageFile, toSniffResult, toStagedExtension, SNIFF_BYTES, type SniffResult, type SupportedFormat } from './files/sniff-image.js';
export { validateSet, formatSetIssues, type SetToValidate, type SetIssue, type SetValidation } from './validate/validate-set.js';
export { stageFile, copyVerified, type StageFileOptions } from './stage/stage-file.js';
export { copyToTemp, hashFile, verifyCopy, promoteTemp, isIntactCopy, type ContentHash, type TempCopy } from './stage/copy-file.js';
export { removeStaleTemps } from './stage/clean-incoming.js';
export { toStagedName, toTempName, parseStagedName, parseTempName, toSetIncomingDir } from './stage/staged-names.js';
export type {
  ImageProbe,
  ProbeImage,
  DuplicateRef,
  FindDuplicate,
  StagedFile,
  DuplicateFile,
  FailedFile,
  StageFileOutcome,
} from './types.js';
