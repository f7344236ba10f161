import type { FailedFile, NamedFile } from '@proofsheet/ingest';
import { FILENAME_EXTENSION } from '@proofsheet/ingest';
import type { ReviewRowValues, SetRecord, SetRowInput } from '@proofsheet/queue';

/** The set columns every row of a set carries (`Folder` is the original's name for the category). */
function toSetValues(set: SetRecord): ReviewRowValues {
  return { Folder: set.category, Subject: set.subject, final_subject: set.subject, Location: set.location, set_id: set.id };
}

/** Stage 4's row for a named file: `Queued` / `NA`, EXIF columns, paths and hash. */
export function toSetRowInput(set: SetRecord, named: NamedFile, index: number, total: number): SetRowInput {
  const { staged, exif } = named;
  return {
    name: { prefix: named.prefix, extension: FILENAME_EXTENSION },
    values: {
      ...toSetValues(set),
      ...exif,
      Path: staged.incomingPath,
      Thumb_Path: '',
      QC_Status: 'NA',
      Original_File_Name: staged.name,
      batch_set_index: index + 1,
      batch_set_total: total,
      metadata_version: 1,
      content_sha256: staged.sha256,
      source_path: staged.file,
      incoming_path: staged.incomingPath,
    },
  };
}

/** The values of an `Error` row for a file that failed before it was named. */
export function toErrorRowValues(set: SetRecord, failure: FailedFile): ReviewRowValues {
  return {
    ...toSetValues(set),
    QC_Status: 'NA',
    Original_File_Name: failure.name,
    content_sha256: failure.sha256,
    source_path: failure.file,
  };
}
