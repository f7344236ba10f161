-- 0001: the queue's tables. review_queue keeps the original 52 columns in their original order and
-- spelling (original-system §3.1) so an existing queue keeps working; SPEC §4's columns follow.

CREATE TABLE sets (
  id          INTEGER PRIMARY KEY AUTOINCREMENT,
  folder      TEXT NOT NULL,
  subject     TEXT NOT NULL,
  location    TEXT NOT NULL,
  category    TEXT NOT NULL,
  files_json  TEXT,                                  -- explicit file list (JSON array) or NULL = whole folder
  file_count  INTEGER NOT NULL DEFAULT 0,
  status      TEXT NOT NULL DEFAULT 'pending',      -- pending | ingesting | ingested | failed
  created_at  TEXT NOT NULL,
  updated_at  TEXT NOT NULL
);

CREATE TABLE runs (
  id                  TEXT PRIMARY KEY,              -- run_YYYYMMDD_HHMMSS_<trigger>[_n]
  trigger             TEXT NOT NULL,                 -- cli | ui | resume | retry
  status              TEXT NOT NULL DEFAULT 'running', -- running | completed | failed | aborted
  started_at          TEXT NOT NULL,
  ended_at            TEXT,
  pid                 INTEGER,                       -- owning process, for interrupted-run detection
  host                TEXT,
  heartbeat_at        TEXT,                          -- refreshed by the running process
  set_ids_json        TEXT,
  config_json         TEXT,                          -- resolved config snapshot, secrets removed
  stage_results_json  TEXT,                          -- per-stage results
  counts_json         TEXT,
  log_dir             TEXT
);

CREATE TABLE review_queue (
  id                      INTEGER PRIMARY KEY AUTOINCREMENT,
  Folder                  TEXT,
  File_Name               TEXT,
  Path                    TEXT,
  ollama_path             TEXT,
  Thumb_Path              TEXT,
  DateTime                TEXT,
  Camera                  TEXT,
  Lens_model              TEXT,
  Width                   INTEGER,
  Height                  INTEGER,
  Exposure                TEXT,
  Aperture                TEXT,
  ISO                     INTEGER,
  Focal_length            INTEGER,
  Keywords                TEXT,
  Caption                 TEXT,
  alt_text                TEXT,
  Location                TEXT,
  Subject                 TEXT,
  nima_score              REAL,
  blur_score              REAL,
  brightness_score        REAL,
  contrast_score          REAL,
  QR                      REAL,
  QC_Status               TEXT NOT NULL DEFAULT 'NA',
  Review_Status           TEXT NOT NULL DEFAULT 'Queued',
  Original_File_Name      TEXT,
  brisque_score           REAL,
  clip_aesthetic_score    REAL,
  identifier_route        TEXT,
  identifier_category     TEXT,
  identifier_subject      TEXT,
  identifier_confidence   INTEGER,
  subject_seed            TEXT,
  subject_seed_mode       TEXT,
  subject_seed_confidence INTEGER,
  subject_seed_reason     TEXT,
  identifier_raw_json     TEXT,
  ai_suggested_subject    TEXT,
  final_subject           TEXT,
  batch_set_index         INTEGER,
  batch_set_total         INTEGER,
  series_key              TEXT,
  series_cluster_index    INTEGER,
  series_position         INTEGER,
  series_count            INTEGER,
  series_similarity_score REAL,
  series_reason           TEXT,
  visual_hash             TEXT,
  visual_variant          TEXT,
  metadata_version        INTEGER DEFAULT 1,
  -- SPEC §4
  set_id                  INTEGER REFERENCES sets(id),
  run_id                  TEXT REFERENCES runs(id),
  content_sha256          TEXT,
  source_path             TEXT,
  incoming_path           TEXT,
  stage_done              INTEGER NOT NULL DEFAULT 0,
  error_code              TEXT,
  error_message           TEXT,
  error_stage             INTEGER,
  attempts                INTEGER NOT NULL DEFAULT 0,
  quality_detail          TEXT,
  caption_provenance      TEXT,
  caption_skipped         INTEGER NOT NULL DEFAULT 0,
  flag_reasons            TEXT,                      -- JSON array: why a row is Metadata_Needs_Work
  created_at              TEXT NOT NULL,
  updated_at              TEXT NOT NULL,
  CHECK (Review_Status <> 'Error' OR (error_code IS NOT NULL AND error_message IS NOT NULL AND error_stage IS NOT NULL))
);

-- SPEC §5. name_key is the case-folded name; prefix_key/seq make "highest seq for a prefix" one lookup.
CREATE TABLE filename_reservations (
  name_key    TEXT PRIMARY KEY,
  name        TEXT NOT NULL,
  prefix_key  TEXT NOT NULL,
  seq         INTEGER,
  state       TEXT NOT NULL CHECK (state IN ('reserved', 'committed', 'released')),
  row_id      INTEGER REFERENCES review_queue(id),
  run_id      TEXT,
  created_at  TEXT NOT NULL,
  updated_at  TEXT NOT NULL
);

CREATE TABLE row_events (
  id          INTEGER PRIMARY KEY AUTOINCREMENT,
  row_id      INTEGER NOT NULL REFERENCES review_queue(id),
  run_id      TEXT,
  kind        TEXT NOT NULL,                         -- decision | field_edit | rename | error | retry
  field       TEXT,
  old_value   TEXT,
  new_value   TEXT,
  actor       TEXT NOT NULL,                         -- pipeline | operator | publisher | retry
  actor_name  TEXT,
  created_at  TEXT NOT NULL
);

CREATE TABLE caption_attempts (
  id            INTEGER PRIMARY KEY AUTOINCREMENT,
  row_id        INTEGER NOT NULL REFERENCES review_queue(id),
  run_id        TEXT,
  attempt       INTEGER NOT NULL,
  model         TEXT,
  host          TEXT,
  prompt_hash   TEXT,
  options_json  TEXT,
  outcome       TEXT NOT NULL,                       -- ok | invalid | timeout | crash | quarantined
  error_code    TEXT,
  error_message TEXT,
  duration_ms   INTEGER,
  response_json TEXT,
  created_at    TEXT NOT NULL
);

CREATE TABLE publish_jobs (
  id                 INTEGER PRIMARY KEY AUTOINCREMENT,
  row_id             INTEGER NOT NULL REFERENCES review_queue(id),
  run_id             TEXT,
  File_Name          TEXT NOT NULL,
  destination        TEXT NOT NULL,                  -- local | ftp+mysql
  step               TEXT NOT NULL DEFAULT 'planned', -- the journaled step reached
  status             TEXT NOT NULL DEFAULT 'pending', -- pending | running | done | failed
  attempts           INTEGER NOT NULL DEFAULT 0,
  last_error_code    TEXT,
  last_error_message TEXT,
  payload_json       TEXT,
  created_at         TEXT NOT NULL,
  updated_at         TEXT NOT NULL
);

-- Local mirror of the website table (original-system §3.3: 27 columns; QR is REAL) + content_sha256.
CREATE TABLE photos_info_revamp (
  id                   INTEGER PRIMARY KEY,
  Folder               TEXT,
  File_Name            TEXT NOT NULL,
  Path                 TEXT,
  Thumb_Path           TEXT,
  DateTime             TEXT,
  Camera               TEXT,
  Lens_model           TEXT,
  Width                INTEGER DEFAULT 0,
  Height               INTEGER DEFAULT 0,
  Exposure             TEXT,
  Aperture             TEXT,
  ISO                  INTEGER,
  Focal_length         INTEGER,
  Keywords             TEXT,
  Caption              TEXT,
  alt_text             TEXT,
  Location             TEXT,
  QR                   REAL,
  QC_Status            TEXT,
  Original_File_Name   TEXT NOT NULL,
  nima_score           REAL,
  blur_score           REAL,
  brightness_score     REAL,
  contrast_score       REAL,
  brisque_score        REAL,
  clip_aesthetic_score REAL,
  content_sha256       TEXT
);
