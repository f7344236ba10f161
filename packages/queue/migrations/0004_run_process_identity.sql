-- 0004: a run records which process owns it, not only its pid: the process's start time
-- (/proc/<pid>/stat field 22, clock ticks since boot) and the boot it started in
-- (/proc/sys/kernel/random/boot_id). A pid reused after the owner died (a reboot, a container
-- restart, the next CLI itself) then no longer looks like the run. NULL where /proc is not
-- available (not Linux) and for runs recorded before this migration: pid + heartbeat decide.
ALTER TABLE runs ADD COLUMN pid_start_ticks INTEGER;
ALTER TABLE runs ADD COLUMN boot_id TEXT;
