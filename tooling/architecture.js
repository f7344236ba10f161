// The architecture as data, read by eslint.config.js and by the policy test.

/** Every workspace by short name. */
export const WORKSPACES = ['core', 'log', 'queue', 'ingest', 'stages', 'publisher', 'pipeline', 'testkit', 'orchestrator', 'review'];

/** Which workspaces each workspace may import (SPEC §1). Apps appear in no package's list. */
export const LAYERS = {
  core: [],
  log: ['core'],
  queue: ['core', 'log'],
  ingest: ['core', 'log'],
  stages: ['core', 'log'],
  publisher: ['core', 'log', 'queue'],
  pipeline: ['core', 'log', 'queue', 'ingest', 'stages'],
  testkit: ['core', 'log', 'queue', 'ingest', 'stages', 'publisher', 'pipeline'],
  // The CLI starts the review server (`proofsheet review`); no package imports an app.
  orchestrator: ['core', 'log', 'queue', 'ingest', 'stages', 'publisher', 'pipeline', 'review'],
  review: ['core', 'log', 'queue', 'pipeline', 'publisher'],
};

/**
 * The one module allowed to import each native/I/O library (a glob; type-only imports are allowed
 * elsewhere). pino belongs to the logging package as a whole.
 */
export const OWNERS = {
  'better-sqlite3': 'packages/queue/src/db/sqlite.ts',
  sharp: 'packages/stages/src/media/sharp-media.ts',
  // onnx-worker.mjs is the owner's other half: the same sessions, run in worker threads.
  'onnxruntime-node': 'packages/stages/src/quality/onnx-{runtime.ts,worker.mjs}',
  ollama: 'packages/stages/src/caption/ollama-client.ts',
  'basic-ftp': 'packages/publisher/src/ftp/ftp-client.ts',
  mysql2: 'packages/publisher/src/mysql/mysql-client.ts',
  'exiftool-vendored': 'packages/publisher/src/metadata/exif-writer.ts',
  exifr: 'packages/ingest/src/exif/read-exif.ts',
  pino: 'packages/log/src/**/*.ts',
};
