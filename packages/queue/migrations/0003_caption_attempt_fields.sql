-- 0003: caption_attempts carries what the caption stage records per request (start time,
-- guardrail/failure reasons, Ollama's done_reason and eval_count).
ALTER TABLE caption_attempts ADD COLUMN started_at TEXT;
ALTER TABLE caption_attempts ADD COLUMN reasons_json TEXT;
ALTER TABLE caption_attempts ADD COLUMN done_reason TEXT;
ALTER TABLE caption_attempts ADD COLUMN eval_count INTEGER;
