/**
 * @proofsheet/log — the logging core (SPEC §8). This first slice records and reads sink health;
 * the logger factory, run directories, traces and the database sink follow.
 */
export { readSinkHealth, writeSinkHealth, SINK_HEALTH_FILE, type SinkHealth } from './health/sink-health.js';
