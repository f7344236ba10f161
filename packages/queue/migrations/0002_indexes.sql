-- 0002: indexes for the queries the CLI, the runner and the review UI make.
CREATE INDEX idx_review_queue_status ON review_queue(Review_Status);
CREATE INDEX idx_review_queue_qc_status ON review_queue(QC_Status);
CREATE INDEX idx_review_queue_set ON review_queue(set_id);
CREATE INDEX idx_review_queue_run ON review_queue(run_id);
CREATE INDEX idx_review_queue_sha ON review_queue(content_sha256);
CREATE INDEX idx_reservations_prefix ON filename_reservations(prefix_key, seq);
CREATE INDEX idx_reservations_row ON filename_reservations(row_id);
CREATE INDEX idx_row_events_row ON row_events(row_id, id);
CREATE INDEX idx_caption_attempts_row ON caption_attempts(row_id);
CREATE INDEX idx_publish_jobs_row ON publish_jobs(row_id);
CREATE INDEX idx_publish_jobs_status ON publish_jobs(status);
CREATE INDEX idx_runs_status ON runs(status, started_at);
CREATE UNIQUE INDEX uq_photos_info_revamp_file ON photos_info_revamp(File_Name);
CREATE INDEX idx_photos_info_revamp_file_nocase ON photos_info_revamp(File_Name COLLATE NOCASE);
CREATE INDEX idx_photos_info_revamp_sha ON photos_info_revamp(content_sha256);
