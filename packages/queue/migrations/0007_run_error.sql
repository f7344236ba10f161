-- 0007: a run that ends on an error records it (code and message, secrets already masked), so
-- `proofsheet status`, `triage` and `logs` can say why even when the run's log could not be written
-- (a read-only or full logs/ directory). NULL for runs that ended normally and for older runs.
ALTER TABLE runs ADD COLUMN error_code TEXT;
ALTER TABLE runs ADD COLUMN error_message TEXT;
