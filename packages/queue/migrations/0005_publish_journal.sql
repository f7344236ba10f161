-- 0005: the publish journal (SPEC §11). A job is one row's publish; `step` is the last step that
-- finished, `current_step` the one begun (journaled before it runs), so `publish` continues a job
-- at the step where it stopped. A row has at most one open job (pending | running | failed);
-- done and cancelled jobs are history.
ALTER TABLE publish_jobs ADD COLUMN current_step TEXT;
ALTER TABLE publish_jobs ADD COLUMN catalog_id INTEGER;
ALTER TABLE publish_jobs ADD COLUMN finished_at TEXT;
CREATE UNIQUE INDEX uq_publish_jobs_open_row ON publish_jobs(row_id) WHERE status IN ('pending', 'running', 'failed');

-- Editing caption, alt text, keywords, subject or location of a Published row marks it for
-- re-publish (whoever edits it: CLI, review server, a script). Publishing it clears the mark.
CREATE TABLE republish_marks (
  row_id     INTEGER PRIMARY KEY REFERENCES review_queue(id),
  marked_at  TEXT NOT NULL
);

CREATE TRIGGER trg_review_queue_republish
AFTER UPDATE OF Caption, alt_text, Keywords, Subject, Location ON review_queue
WHEN NEW.Review_Status = 'Published' AND OLD.Review_Status = 'Published'
  AND (NEW.Caption IS NOT OLD.Caption OR NEW.alt_text IS NOT OLD.alt_text OR NEW.Keywords IS NOT OLD.Keywords
       OR NEW.Subject IS NOT OLD.Subject OR NEW.Location IS NOT OLD.Location)
BEGIN
  INSERT INTO republish_marks (row_id, marked_at) VALUES (NEW.id, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
  ON CONFLICT(row_id) DO UPDATE SET marked_at = excluded.marked_at;
END;

-- A published row's File_Name is locked, whatever writes it.
CREATE TRIGGER trg_review_queue_published_name_locked
BEFORE UPDATE OF File_Name ON review_queue
WHEN OLD.Review_Status = 'Published' AND NEW.File_Name IS NOT OLD.File_Name
BEGIN
  SELECT RAISE(ABORT, 'File_Name of a Published row is locked');
END;

-- When the catalog mirror was last pulled from the live website table (doctor shows its age).
CREATE TABLE catalog_pulls (
  id         INTEGER PRIMARY KEY AUTOINCREMENT,
  source     TEXT NOT NULL,
  row_count  INTEGER NOT NULL,
  pulled_at  TEXT NOT NULL
);
