-- 0006: what the review server needs (SPEC §10).
--
-- Full-text search over the text an operator searches by: file name, caption, alt text, keywords,
-- subject and location. An external-content FTS5 index over review_queue, kept in sync by triggers
-- (whoever writes the row: pipeline, CLI, review server), diacritics folded so "pais" finds "País".
CREATE VIRTUAL TABLE review_queue_fts USING fts5(
  File_Name, Caption, alt_text, Keywords, Subject, Location,
  content = 'review_queue', content_rowid = 'id', tokenize = 'unicode61 remove_diacritics 2'
);
INSERT INTO review_queue_fts (review_queue_fts) VALUES ('rebuild');

CREATE TRIGGER trg_review_queue_fts_insert AFTER INSERT ON review_queue BEGIN
  INSERT INTO review_queue_fts (rowid, File_Name, Caption, alt_text, Keywords, Subject, Location)
  VALUES (NEW.id, NEW.File_Name, NEW.Caption, NEW.alt_text, NEW.Keywords, NEW.Subject, NEW.Location);
END;

CREATE TRIGGER trg_review_queue_fts_delete AFTER DELETE ON review_queue BEGIN
  INSERT INTO review_queue_fts (review_queue_fts, rowid, File_Name, Caption, alt_text, Keywords, Subject, Location)
  VALUES ('delete', OLD.id, OLD.File_Name, OLD.Caption, OLD.alt_text, OLD.Keywords, OLD.Subject, OLD.Location);
END;

-- Only edits of the indexed columns touch the index (stage checkpoints do not).
CREATE TRIGGER trg_review_queue_fts_update AFTER UPDATE OF File_Name, Caption, alt_text, Keywords, Subject, Location ON review_queue BEGIN
  INSERT INTO review_queue_fts (review_queue_fts, rowid, File_Name, Caption, alt_text, Keywords, Subject, Location)
  VALUES ('delete', OLD.id, OLD.File_Name, OLD.Caption, OLD.alt_text, OLD.Keywords, OLD.Subject, OLD.Location);
  INSERT INTO review_queue_fts (rowid, File_Name, Caption, alt_text, Keywords, Subject, Location)
  VALUES (NEW.id, NEW.File_Name, NEW.Caption, NEW.alt_text, NEW.Keywords, NEW.Subject, NEW.Location);
END;

-- Optimistic concurrency: every change of a row, by any writer, bumps its version, so two review
-- tabs (or a tab and the CLI) never overwrite each other silently. Kept beside review_queue so the
-- table keeps the column list scripts rely on; a row without an entry is at version 0.
CREATE TABLE review_row_versions (
  row_id   INTEGER PRIMARY KEY REFERENCES review_queue(id),
  version  INTEGER NOT NULL
);

CREATE TRIGGER trg_review_queue_version AFTER UPDATE ON review_queue BEGIN
  INSERT INTO review_row_versions (row_id, version) VALUES (NEW.id, 1)
  ON CONFLICT(row_id) DO UPDATE SET version = version + 1;
END;

-- The review list's sort orders, alone and under a Review_Status filter (NULLs sort as the lowest).
CREATE INDEX idx_review_queue_sort_qr ON review_queue(coalesce(QR, -1), id);
CREATE INDEX idx_review_queue_sort_date ON review_queue(coalesce(DateTime, ''), id);
CREATE INDEX idx_review_queue_sort_name ON review_queue(coalesce(File_Name, ''), id);
CREATE INDEX idx_review_queue_status_qr ON review_queue(Review_Status, coalesce(QR, -1), id);
CREATE INDEX idx_review_queue_status_date ON review_queue(Review_Status, coalesce(DateTime, ''), id);
CREATE INDEX idx_review_queue_status_name ON review_queue(Review_Status, coalesce(File_Name, ''), id);
